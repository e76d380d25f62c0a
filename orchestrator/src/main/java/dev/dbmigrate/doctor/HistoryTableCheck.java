package dev.dbmigrate.doctor;

import dev.dbmigrate.config.FixHint;
import dev.dbmigrate.engine.Migrator;
import dev.dbmigrate.engine.Results;
import dev.dbmigrate.support.Messages;

/**
 * The history table agrees with the files: no row of a failed migration, no applied file changed since (checksums),
 * none missing. The engine's validation says so ({@link Migrator#validate}); its texts carry each problem's fix.
 */
final class HistoryTableCheck implements DoctorCheck {
    static final String NAME = "history table";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public CheckOutcome run(DoctorContext context) {
        Results.Validation validation;
        try (Migrator migrator = context.migrator()) {
            validation = migrator.validate(false);
        }
        String table =
                context.settings().defaultSchema() + "." + context.settings().table();
        if (!validation.ok()) {
            return CheckOutcome.fail(
                    NAME,
                    table + ": " + Messages.count(validation.problems().size(), "problem") + ": "
                            + String.join("; ", validation.problems()),
                    "fix each as it says, then run " + FixHint.command(context.settings(), "doctor") + " again");
        }
        return CheckOutcome.pass(
                NAME,
                table + ": no failed migration, every applied file unchanged ("
                        + Messages.count(validation.checked(), "file") + " checked)");
    }
}
