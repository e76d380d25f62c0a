package dev.dbmigrate.config;

import static dev.dbmigrate.config.ProfileProblems.quoted;

import dev.dbmigrate.support.Secret;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Reads and checks one profile file as a whole: every key is read, the problems collected instead of stopping at the
 * first, so one run shows all of them; then it fails with all of them at once.
 */
final class ProfileFile {
    private final String env;
    private final Path file;
    private final Path projectDir;
    private final ProfileProblems problems;
    private final ProfileInterpolation interpolation;
    private final ProfileValues values;

    ProfileFile(String env, Path file, Map<String, String> environment) {
        this.env = env;
        this.file = file;
        this.projectDir = file.toAbsolutePath().getParent().getParent().normalize();
        this.problems = new ProfileProblems("environments/" + file.getFileName());
        this.interpolation = new ProfileInterpolation(environment, problems);
        this.values = new ProfileValues(problems, interpolation);
    }

    /** The profile; fails with every problem of the file. */
    EnvironmentProfile read() {
        Map<String, Object> top =
                interpolation.top(ProfileYaml.parse(file, problems.label(), problems.label(), projectDir));
        ProfileKeys.check(top, "", ProfileKeys.TOP, problems);
        String url = problems.attempt(() -> url(top), null);
        String user = problems.attempt(() -> values.text(top, "user"), null);
        String password = problems.attempt(() -> values.text(top, "password"), null);
        String promotesTo = problems.attempt(() -> promotesTo(top), null);
        List<String> schemas = problems.attempt(() -> values.schemas(top.get("schemas")), List.of());
        boolean protectedEnv = problems.attempt(() -> values.bool(top.get("protected"), "protected"), false);
        String lockTimeout = problems.attempt(() -> values.duration(top, "lockTimeout"), null);
        String statementTimeout = problems.attempt(() -> values.duration(top, "statementTimeout"), null);
        EnvironmentProfile.Backup backup =
                problems.attempt(() -> new BackupSection(env, values, problems).read(top.get("backup")), null);
        List<EnvironmentProfile.VerifyQuery> verify = problems.attempt(
                () -> new VerifySection(projectDir, values, problems, interpolation).read(top.get("verify")),
                List.of());
        EnvironmentProfile.Rollback rollback =
                problems.attempt(() -> new RollbackSection(values, problems).read(top.get("rollback")), null);
        EnvironmentProfile.Drift drift = problems.attempt(() -> drift(top), null);
        Boolean rehearse = problems.attempt(
                () -> top.containsKey("rehearse") ? values.bool(top.get("rehearse"), "rehearse") : null, null);
        LockRetries lockRetries =
                problems.attempt(() -> new LockRetriesSection(values, problems).read(top.get("lockRetries")), null);
        problems.throwIfAny();
        return new EnvironmentProfile(
                env,
                file,
                url,
                user,
                Secret.of(password),
                schemas,
                protectedEnv,
                lockTimeout,
                statementTimeout,
                backup,
                verify,
                rollback,
                promotesTo,
                drift,
                rehearse,
                lockRetries);
    }

    private EnvironmentProfile.Drift drift(Map<String, Object> top) {
        if (Boolean.FALSE.equals(top.get("drift"))) {
            return EnvironmentProfile.Drift.OFF; // YAML 1.1 reads a bare off (and no) as false
        }
        String drift = values.text(top, "drift");
        if (drift == null) {
            return null;
        }
        for (EnvironmentProfile.Drift mode : EnvironmentProfile.Drift.values()) {
            if (mode.word().equalsIgnoreCase(drift.strip())) {
                return mode;
            }
        }
        throw problems.fail("drift = " + quoted(drift) + " is not a drift setting (use fail, warn or off)");
    }

    private String url(Map<String, Object> top) {
        String url = values.text(top, "url");
        // An empty url (typically "${SOME_URL:-}") means "not set here": DATABASE_URL or the embedded database follow.
        if (url != null && url.isBlank()) {
            return null;
        }
        if (url != null) {
            DatabaseUrl.parse(url, problems.label() + ": url");
        }
        return url;
    }

    private String promotesTo(Map<String, Object> top) {
        String promotesTo = values.text(top, "promotesTo");
        if (promotesTo != null) {
            if (!ProfileLoader.isEnvironmentName(promotesTo)) {
                throw problems.fail("promotesTo = " + quoted(promotesTo) + " is not a valid environment name "
                        + "(use letters, digits, '-' and '_', such as prod)");
            }
            if (promotesTo.equals(env)) {
                throw problems.fail("promotesTo = " + quoted(promotesTo) + " names this environment itself "
                        + "(name the next environment in the chain, or remove promotesTo on the last one)");
            }
        }
        return promotesTo;
    }
}
