package dev.dbmigrate.engine;

import dev.dbmigrate.engine.Results.Step;
import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import dev.dbmigrate.history.Versions;
import java.util.List;

/**
 * The failure of a run that was interrupted (SIGINT, SIGTERM; see {@link dev.dbmigrate.process.Interruption}): what
 * was running was cancelled and rolled back; it says what this run did and did not do, and how to finish the job.
 */
final class Interrupted {
    private Interrupted() {}

    /**
     * @param again   the command that runs it again, as {@link dev.dbmigrate.config.FixHint#rerun} spells it
     * @param done    the scripts this run committed, in order
     * @param notDone the scripts it meant to run and did not (the cancelled one first)
     * @param version the version the database is at now
     */
    static MigrateException of(
            String command, String again, List<Step> done, List<String> notDone, String version, Throwable cause) {
        String verb = command.equals("downgrade") ? "undone" : "applied";
        String notVerb = command.equals("downgrade") ? "not undone" : "not applied";
        StringBuilder m = new StringBuilder(command + " interrupted (SIGINT or SIGTERM): the running statement was"
                + " cancelled and its transaction rolled back; ");
        m.append(verb)
                .append(" by this run: ")
                .append(
                        done.isEmpty()
                                ? "none"
                                : String.join(
                                        ", ", done.stream().map(Step::script).toList()));
        m.append("; ").append(notVerb).append(": ").append(notDone.isEmpty() ? "none" : String.join(", ", notDone));
        m.append("; the database is at version ")
                .append(CommandContext.display(version))
                .append(" and the migration lock is released (run ")
                .append(again)
                .append(" again to ")
                .append(command.equals("downgrade") ? "undo" : "apply")
                .append(" the rest)");
        // the cancelled statement's own failure is left out: Maven would append its text, which reads as a fault of
        // the migration it names
        MigrateException e = new MigrateException(ErrorCode.INTERRUPTED, m.toString());
        e.addSuppressed(cause);
        return e;
    }

    /** The version after {@code applied} were applied on top of {@code from}. */
    static String versionAfter(String from, List<Step> applied) {
        String to = from;
        for (Step step : applied) {
            if (step.version() != null && (to == null || Versions.compare(step.version(), to) > 0)) {
                to = step.version();
            }
        }
        return to;
    }
}
