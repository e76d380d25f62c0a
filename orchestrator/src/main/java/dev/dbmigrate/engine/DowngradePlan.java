package dev.dbmigrate.engine;

import dev.dbmigrate.config.FixHint;
import dev.dbmigrate.config.MigrateProperty;
import dev.dbmigrate.config.MigrateSettings;
import dev.dbmigrate.engine.MigrationFiles.MigrationFile;
import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import dev.dbmigrate.history.CurrentVersion;
import dev.dbmigrate.history.MigrationInfo;
import dev.dbmigrate.history.Versions;
import dev.dbmigrate.sql.SqlScript;
import dev.dbmigrate.sql.SqlStatement;
import dev.dbmigrate.support.Messages;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * What a downgrade undoes, decided before anything runs: the newest applied migrations, {@code steps} of them or all
 * above {@code target}, never below a baseline; and the undo script of each, read and parsed, refused together when
 * one is missing.
 */
final class DowngradePlan {
    private DowngradePlan() {}

    /** An applied migration's undo script, parsed. */
    record Undo(MigrationFile file, List<SqlStatement> statements) {}

    /**
     * The migrations to undo, newest (by installed rank) first.
     *
     * @param info   the applied migrations
     * @param target the version to go back to, or null
     * @param steps  how many to undo (default 1), or null
     */
    static List<MigrationInfo> toUndo(List<MigrationInfo> info, String target, Integer steps) {
        List<MigrationInfo> applied = info.stream()
                .filter(i -> i.applied() && i.versioned() && "SQL".equals(i.type())
                        || i.applied() && i.versioned() && "JDBC".equals(i.type()))
                .sorted(Comparator.comparing(MigrationInfo::installedRank).reversed())
                .toList();
        if (target != null && steps != null) {
            throw new MigrateException(
                    ErrorCode.CONFIGURATION,
                    "downgrade takes either -Dmigrate.steps=" + steps + " or -Dmigrate.target=" + target
                            + ", not both; nothing was changed");
        }
        MigrationInfo baseline = info.stream()
                .filter(i -> i.applied() && "BASELINE".equals(i.type()))
                .findFirst()
                .orElse(null);
        if (target != null) {
            return toTarget(info, applied, baseline, target);
        }
        int n = steps == null ? 1 : steps;
        if (n > applied.size()) {
            throw new MigrateException(
                    ErrorCode.REFUSED,
                    "downgrade refused: -Dmigrate.steps=" + n + " but only "
                            + Messages.count(applied.size(), "migration") + " can be undone"
                            + (baseline != null ? " above the baseline " + baseline.version() : "")
                            + "; nothing was changed ("
                            + (baseline != null
                                    ? belowBaselineFix(applied.size(), baseline)
                                    : applied.isEmpty()
                                            ? "nothing is applied, so there is nothing to undo"
                                            : "use -Dmigrate.steps=" + applied.size() + " or -Dmigrate.target=0")
                            + ")");
        }
        return applied.subList(0, n);
    }

    /** The applied migrations above {@code target}, refused when it is latest, below the baseline or above now. */
    private static List<MigrationInfo> toTarget(
            List<MigrationInfo> info, List<MigrationInfo> applied, MigrationInfo baseline, String target) {
        if (target.equals("latest")) {
            throw new MigrateException(
                    ErrorCode.CONFIGURATION,
                    "-Dmigrate.target=latest means nothing to"
                            + " downgrade; nothing was changed (give a version, or 0 to undo every migration)");
        }
        if (baseline != null && Versions.compare(target, baseline.version()) < 0) {
            throw new MigrateException(
                    ErrorCode.REFUSED,
                    "downgrade refused: target " + target
                            + " is below the baseline " + baseline.version() + ", whose schema has no undo scripts;"
                            + " nothing was changed (" + belowBaselineFix(applied.size(), baseline) + ")");
        }
        String current = CurrentVersion.of(info);
        if (current != null && Versions.compare(target, current) > 0) {
            throw new MigrateException(
                    ErrorCode.CONFIGURATION,
                    "downgrade -Dmigrate.target=" + target
                            + " is above the current version " + current + ", so there is nothing to undo; nothing was"
                            + " changed (give a version below " + current + ", or 0 to undo every migration; to go"
                            + " forward, run migrate:upgrade)");
        }
        return applied.stream()
                .filter(i -> Versions.compare(i.version(), target) > 0)
                .toList();
    }

    /** The fix for a downgrade that would go below a baseline: only what was applied above it can be undone. */
    private static String belowBaselineFix(int aboveBaseline, MigrationInfo baseline) {
        if (aboveBaseline == 0) {
            return "no migration is applied above the baseline " + baseline.version() + ", so there is nothing to"
                    + " undo; to go back further, restore a backup taken before the baseline with migrate:restore";
        }
        return "use -Dmigrate.steps=" + aboveBaseline + " or -Dmigrate.target=" + baseline.version()
                + " to undo every migration above the baseline";
    }

    /**
     * The downgrade to run after {@code undone} of this run's undo scripts were undone: the same target, or the steps
     * that are left (a step count is relative, so the one given would undo too many).
     */
    static String again(MigrateSettings settings, int undone) {
        Integer steps = settings.options().steps();
        return steps == null
                ? FixHint.rerun(settings, "downgrade")
                : FixHint.rerun(
                        settings, "downgrade", FixHint.set(MigrateProperty.STEPS, String.valueOf(steps - undone)));
    }

    /** Every undo script read and parsed, on all cores; one that fails fails only if the downgrade needs it. */
    static Map<Path, Supplier<List<SqlStatement>>> parseAll(MigrationFiles files) {
        return files.undo().parallelStream().collect(Collectors.toMap(MigrationFile::path, u -> parseLater(u.path())));
    }

    /** A script read and parsed now, its failure (not UTF-8, cannot be split) kept until the script is needed. */
    private static Supplier<List<SqlStatement>> parseLater(Path file) {
        try {
            List<SqlStatement> statements = SqlScript.parse(MigrationFiles.read(file));
            return () -> statements;
        } catch (RuntimeException e) {
            return () -> {
                throw e;
            };
        } catch (OutOfMemoryError e) {
            MigrateException tooLarge = ScriptMemory.exceeded(file, "reading it", "downgrade", e);
            return () -> {
                throw tooLarge;
            };
        }
    }

    /**
     * The undo script of each migration in the plan, refused, with nothing changed, when one is missing, cannot be
     * parsed, or is unusable as it is ({@link ScriptChecks#beforeDowngrade}).
     *
     * @param locations the migration locations, for the message
     * @param again     the downgrade to run again once the undo scripts are fixed
     */
    static Map<MigrationInfo, Undo> undoScripts(
            List<MigrationInfo> plan,
            MigrationFiles files,
            Map<Path, Supplier<List<SqlStatement>>> parsed,
            String locations,
            String again) {
        Map<MigrationInfo, Undo> scripts = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        for (MigrationInfo m : plan) {
            var undo = files.undoFor(m.version());
            if (undo.isEmpty()) {
                missing.add(MigrationFiles.expectedUndoName(m.script()));
                continue;
            }
            try {
                scripts.put(
                        m, new Undo(undo.get(), parsed.get(undo.get().path()).get()));
            } catch (IllegalArgumentException e) {
                throw new MigrateException(
                        ErrorCode.VALIDATION,
                        "downgrade refused: undo script " + undo.get().path() + ": " + e.getMessage()
                                + "; nothing was changed");
            }
        }
        if (!missing.isEmpty()) {
            throw new MigrateException(
                    ErrorCode.REFUSED,
                    "downgrade refused: no undo script "
                            + String.join(", ", missing) + " in " + locations + "; nothing was changed (write "
                            + (missing.size() == 1 ? "it" : "them") + " with the SQL that reverses the migration, then"
                            + " run " + again + " again)");
        }
        Map<MigrationFile, List<SqlStatement>> undo = new LinkedHashMap<>();
        scripts.values().forEach(u -> undo.put(u.file(), u.statements()));
        ScriptChecks.beforeDowngrade(undo, again);
        return scripts;
    }
}
