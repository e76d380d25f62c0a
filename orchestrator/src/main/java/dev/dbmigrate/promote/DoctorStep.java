package dev.dbmigrate.promote;

import dev.dbmigrate.config.FixHint;
import dev.dbmigrate.config.MigrateProperty;
import dev.dbmigrate.config.MigrateSettings;
import dev.dbmigrate.doctor.CheckOutcome;
import dev.dbmigrate.doctor.CheckOutcome.Status;
import dev.dbmigrate.doctor.Doctor;
import dev.dbmigrate.doctor.DoctorReport;
import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import dev.dbmigrate.promote.StepRunner.Done;
import java.util.ArrayList;
import java.util.List;

/**
 * A preflight step of a promotion: the {@link Doctor}'s checks on both environments, read-only, before anything is
 * changed. A failed check on either stops the promotion, naming the environment and each failed check with its fix;
 * a warning is printed and the promotion goes on.
 */
final class DoctorStep {
    private final PromotionContext run;

    DoctorStep(PromotionContext run) {
        this.run = run;
    }

    /** Runs the doctor on the source, then the target; fails naming every failed check of each. */
    Done<Void> check() {
        List<String> said = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        List<String> doctors = new ArrayList<>();
        boolean unreachable = false;
        for (MigrateSettings env : List.of(run.from(), run.to())) {
            DoctorReport report = Doctor.run(env, run.db(env), run.listener());
            for (CheckOutcome warning : report.withStatus(Status.WARN)) {
                run.listener()
                        .warn("doctor on " + env.env() + ": " + warning.name() + ": " + warning.detail()
                                + (warning.fix() == null ? "" : " (fix: " + warning.fix() + ")"));
            }
            if (report.healthy()) {
                said.add(env.env() + ": " + report.withStatus(Status.PASS).size() + " of "
                        + report.checks().size() + " checks passed"
                        + (report.withStatus(Status.WARN).isEmpty()
                                ? ""
                                : ", " + report.withStatus(Status.WARN).size() + " with a warning"));
                continue;
            }
            failures.add(Doctor.findings(report));
            doctors.add("mvn " + FixHint.goal("doctor") + " " + FixHint.set(MigrateProperty.ENV, env.env()));
            unreachable |= report.unreachable();
        }
        if (failures.isEmpty()) {
            return Done.passed(null, String.join("; ", said));
        }
        return Done.failed(
                null,
                new MigrateException(
                        unreachable ? ErrorCode.CONNECTION : ErrorCode.CHECK_FAILED,
                        String.join("; ", failures) + "; nothing was changed (fix each, check with "
                                + String.join(" and ", doctors) + ", then promote again)"));
    }
}
