package dev.dbmigrate.doctor;

import dev.dbmigrate.config.EnvironmentProfile;
import java.util.ArrayList;
import java.util.List;

/**
 * A protected environment sets {@code lockTimeout} and {@code statementTimeout} in its profile: without them, a
 * migration that waits for a lock queues every query of the application behind it.
 */
final class TimeoutsCheck implements DoctorCheck {
    static final String NAME = "timeouts";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean needsDatabase() {
        return false;
    }

    @Override
    public CheckOutcome run(DoctorContext context) {
        EnvironmentProfile profile = context.settings().profile();
        String set = "lockTimeout " + shown(profile.lockTimeout()) + ", statementTimeout "
                + shown(profile.statementTimeout());
        if (!profile.protectedEnv()) {
            return CheckOutcome.pass(NAME, set + " (not protected: none required)");
        }
        List<String> missing = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        if (profile.lockTimeout() == null) {
            missing.add("lockTimeout");
            lines.add("lockTimeout: 5s");
        }
        if (profile.statementTimeout() == null) {
            missing.add("statementTimeout");
            lines.add("statementTimeout: 15min");
        }
        String file = "environments/" + context.settings().env() + ".yml";
        if (!missing.isEmpty()) {
            return CheckOutcome.fail(
                    NAME,
                    file + " is protected but sets no " + String.join(" and no ", missing)
                            + ": a migration waiting for a lock would hold up every query behind it",
                    "add " + String.join(" and ", lines) + " to " + file);
        }
        return CheckOutcome.pass(NAME, set);
    }

    private static String shown(String value) {
        return value == null ? "not set" : value;
    }
}
