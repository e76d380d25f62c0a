package dev.dbmigrate.promote;

import dev.dbmigrate.config.FixHint;
import dev.dbmigrate.config.MigrateProperty;
import dev.dbmigrate.config.MigrateSettings;
import dev.dbmigrate.config.ProfileLoader;
import dev.dbmigrate.config.SettingsResolver;
import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The two environments of a promotion, each resolved from its own profile: {@code migrate.from} (required) and
 * {@code migrate.to} (default: the source profile's {@code promotesTo}).
 */
public record PromotionSettings(MigrateSettings from, MigrateSettings to) {
    /** Connection properties that would point both environments at one database. */
    private static final List<MigrateProperty> PER_ENVIRONMENT =
            List.of(MigrateProperty.URL, MigrateProperty.USER, MigrateProperty.PASSWORD, MigrateProperty.ENV);

    public static PromotionSettings resolve(
            Map<String, String> properties, Map<String, String> environment, Path projectDir, Path buildDir) {
        String from = blankToNull(properties.get(MigrateProperty.FROM.key()));
        if (from == null) {
            throw new MigrateException(
                    ErrorCode.CONFIGURATION,
                    "promote needs the environment to start from;"
                            + " nothing was changed (pass -Dmigrate.from=staging -Dmigrate.to=prod)");
        }
        for (MigrateProperty p : PER_ENVIRONMENT) {
            if (blankToNull(properties.get(p.key())) != null) {
                throw new MigrateException(
                        ErrorCode.CONFIGURATION,
                        "promote reads each environment's connection"
                                + " from environments/<env>.yml, so " + p.property() + " would apply to both " + from
                                + " and the target; nothing was changed (remove " + p.property()
                                + " and set url, user and"
                                + " password in the profiles)");
            }
        }
        MigrateSettings source;
        try {
            source = resolveFor(from, MigrateProperty.FROM, properties, environment, projectDir, buildDir);
        } catch (ProfileLoader.UnknownEnvironment e) {
            throw e;
        } catch (MigrateException e) {
            throw withTargetProblems(e, from, properties, environment, projectDir, buildDir);
        }
        String to = blankToNull(properties.get(MigrateProperty.TO.key()));
        if (to == null) {
            to = source.profile().promotesTo();
            if (to == null) {
                throw new MigrateException(
                        ErrorCode.CONFIGURATION,
                        "promote needs the environment to promote to:"
                                + " environments/" + from + ".yml has no promotesTo; nothing was changed ("
                                + whereTo(from, projectDir, environment) + ")");
            }
        }
        String next = source.profile().promotesTo();
        if (next != null && !next.equals(to)) {
            throw new MigrateException(
                    ErrorCode.CONFIGURATION,
                    "environment '" + from + "' promotes to '" + next
                            + "' (promotesTo in environments/" + from + ".yml), not to '" + to
                            + "'; nothing was changed (use"
                            + " -Dmigrate.to=" + next + ", or change promotesTo if the chain has changed)");
        }
        if (to.equals(from)) {
            throw new MigrateException(
                    ErrorCode.CONFIGURATION,
                    "promote from '" + from + "' to '" + to
                            + "' names one environment twice; nothing was changed ("
                            + whereTo(from, projectDir, environment)
                            + ")");
        }
        MigrateSettings target = resolveFor(to, MigrateProperty.TO, properties, environment, projectDir, buildDir);
        return new PromotionSettings(source, target);
    }

    /**
     * The fix when {@code from} names no next environment: promote into it from the environment whose promotesTo
     * names it (it is the last of the chain), else promote to another profile, else create one. Never {@code from}
     * itself.
     */
    private static String whereTo(String from, Path projectDir, Map<String, String> environment) {
        List<String> others = ProfileLoader.profiles(projectDir.resolve("environments")).stream()
                .filter(e -> !e.equals(from))
                .toList();
        for (String other : others) {
            try {
                if (from.equals(
                        ProfileLoader.load(projectDir, other, environment).promotesTo())) {
                    return from + " is the last environment of the chain, the one " + other + " promotes to; promote"
                            + " into it with " + FixHint.goal("promote") + " "
                            + FixHint.set(MigrateProperty.FROM, other);
                }
            } catch (MigrateException e) {
                // a profile that does not load says nothing about the chain; promote reports it when it is used
            }
        }
        if (others.isEmpty()) {
            return "create the profile of the environment after " + from + ", such as environments/prod.yml, and"
                    + " add promotesTo: prod to environments/" + from + ".yml";
        }
        return "pass " + FixHint.set(MigrateProperty.TO, others.get(0)) + ", or add promotesTo: " + others.get(0)
                + " to environments/" + from + ".yml";
    }

    /**
     * The failure of the source's settings, joined with the target's own problems when it has some, so that one run
     * shows the problems of both files; the target is {@code -Dmigrate.to}, else the promotesTo the source's file
     * names.
     */
    private static MigrateException withTargetProblems(
            MigrateException sourceFailure,
            String from,
            Map<String, String> properties,
            Map<String, String> environment,
            Path projectDir,
            Path buildDir) {
        if (sourceFailure.code() != ErrorCode.CONFIGURATION) {
            return sourceFailure;
        }
        String to = blankToNull(properties.get(MigrateProperty.TO.key()));
        if (to == null) {
            to = ProfileLoader.promotesTo(projectDir, from, environment);
        }
        if (to == null || to.equals(from)) {
            return sourceFailure;
        }
        try {
            resolveFor(to, MigrateProperty.TO, properties, environment, projectDir, buildDir);
            return sourceFailure;
        } catch (ProfileLoader.UnknownEnvironment e) {
            return sourceFailure;
        } catch (MigrateException e) {
            if (e.code() != ErrorCode.CONFIGURATION || e.getMessage().equals(sourceFailure.getMessage())) {
                return sourceFailure;
            }
            String nl = System.lineSeparator();
            return new MigrateException(
                    ErrorCode.CONFIGURATION,
                    "promote from " + from + " to " + to + ": the"
                            + " settings of both environments have problems; nothing was changed (fix each of them, then run"
                            + " again):" + nl + indent(sourceFailure.getMessage()) + nl + indent(e.getMessage()));
        }
    }

    private static String indent(String message) {
        return "  " + message.replace(System.lineSeparator(), System.lineSeparator() + "  ");
    }

    private static MigrateSettings resolveFor(
            String env,
            MigrateProperty chosenBy,
            Map<String, String> properties,
            Map<String, String> environment,
            Path projectDir,
            Path buildDir) {
        Map<String, String> values = new HashMap<>(properties);
        values.put(MigrateProperty.ENV.key(), env);
        // DATABASE_URL names one database; a promotion needs two, so profiles must say which.
        Map<String, String> env2 = new HashMap<>(environment);
        env2.remove("DATABASE_URL");
        try {
            return SettingsResolver.resolve(values, env2, projectDir, buildDir);
        } catch (ProfileLoader.UnknownEnvironment e) {
            throw e.namedBy(chosenBy);
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
