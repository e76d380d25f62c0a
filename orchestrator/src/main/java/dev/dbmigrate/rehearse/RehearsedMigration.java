package dev.dbmigrate.rehearse;

import dev.dbmigrate.schema.Difference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What the rehearsal found for one versioned migration: applied, undone on a copy, compared with the state before,
 * applied again and compared with the state after. Its round trip is exact when {@link #problems()} is empty.
 *
 * @param version      the migration's version, as its file spells it
 * @param file         the migration's file name, {@code V3__add_email.sql}
 * @param undoFile     the undo script's file name, or {@code null} when it has none
 * @param failure      the error of the step that stopped the round trip ({@link Problem#APPLY_FAILED},
 *                     {@link Problem#UNDO_FAILED}, {@link Problem#REAPPLY_FAILED}), or why it was not rehearsed;
 *                     {@code null} when no step failed
 * @param failed       which step {@code failure} belongs to, or {@code null}
 * @param afterUndo    how the schema after the undo differs from the schema before the migration
 * @param dataChanged  the tables that existed before the migration whose rows the undo changed
 * @param afterReapply how the schema after applying it again differs from the schema after its first application
 * @param sampleData   the sample data file that failed to load after it, with the error; {@code null} when none failed
 * @param duration     the time its round trip took
 */
public record RehearsedMigration(
        String version,
        String file,
        String undoFile,
        String failure,
        Problem failed,
        List<Difference> afterUndo,
        List<DataChange> dataChanged,
        List<Difference> afterReapply,
        String sampleData,
        Duration duration) {
    /** The names the differences after the undo give the two sides. */
    public static final String BEFORE = "before";
    /** The state the undo left. */
    public static final String UNDONE = "after undo";
    /** The state after the first application. */
    public static final String AFTER = "after";
    /** The state after applying it again. */
    public static final String REAPPLIED = "re-applied";

    /** A defect of a round trip, in the order the report names them. */
    public enum Problem {
        /** An earlier migration failed to apply, so this one was never reached. */
        NOT_REHEARSED("not rehearsed"),
        /** The migration itself failed to apply. */
        APPLY_FAILED("apply failed"),
        /** The sample data file loaded after it failed (and was rolled back). */
        SAMPLE_DATA_FAILED("sample data failed"),
        /** It has no undo script. */
        MISSING_UNDO("missing undo"),
        /** Its undo script failed. */
        UNDO_FAILED("undo failed"),
        /** The undo left a schema other than the one before. */
        UNDO_DIFFERENCES("undo leaves differences"),
        /** The undo changed the rows of a table that existed before. */
        DATA_CHANGED("undo changes data"),
        /** Applying it again after its undo failed. */
        REAPPLY_FAILED("re-apply failed"),
        /** Applying it again after its undo built a schema other than its first application. */
        REAPPLY_DIFFERENCES("re-apply leaves differences");

        private final String words;

        Problem(String words) {
            this.words = words;
        }

        /** How the report names it: {@code undo leaves differences}. */
        public String words() {
            return words;
        }
    }

    /**
     * The rows of a table that the undo changed.
     *
     * @param table      the table's qualified name
     * @param rowsBefore its row count before the migration
     * @param rowsAfter  its row count after the undo
     */
    public record DataChange(String table, long rowsBefore, long rowsAfter) {
        /** {@code data of table public.users: 3 rows (before) vs 0 rows (after undo)}. */
        public String line() {
            return "data of table " + table + ": " + rowsBefore + " rows (" + BEFORE + ") vs " + rowsAfter + " rows"
                    + (rowsBefore == rowsAfter ? " with other values" : "") + " (" + UNDONE + ")";
        }
    }

    public RehearsedMigration {
        afterUndo = List.copyOf(afterUndo);
        dataChanged = List.copyOf(dataChanged);
        afterReapply = List.copyOf(afterReapply);
    }

    /** Every defect found, in report order; empty when the round trip is exact. */
    public List<Problem> problems() {
        List<Problem> problems = new ArrayList<>();
        if (failed == Problem.NOT_REHEARSED || failed == Problem.APPLY_FAILED) {
            problems.add(failed);
            return problems;
        }
        if (sampleData != null) {
            problems.add(Problem.SAMPLE_DATA_FAILED);
        }
        if (undoFile == null) {
            problems.add(Problem.MISSING_UNDO);
        }
        if (failed == Problem.UNDO_FAILED) {
            problems.add(failed);
        }
        if (!afterUndo.isEmpty()) {
            problems.add(Problem.UNDO_DIFFERENCES);
        }
        if (!dataChanged.isEmpty()) {
            problems.add(Problem.DATA_CHANGED);
        }
        if (failed == Problem.REAPPLY_FAILED) {
            problems.add(failed);
        }
        if (!afterReapply.isEmpty()) {
            problems.add(Problem.REAPPLY_DIFFERENCES);
        }
        return problems;
    }

    /** Whether the round trip is exact. */
    public boolean ok() {
        return problems().isEmpty();
    }

    /** The verdict on one line: {@code ok}, or each defect's words joined by {@code ; }. */
    public String verdict() {
        List<Problem> problems = problems();
        return problems.isEmpty()
                ? "ok"
                : String.join("; ", problems.stream().map(Problem::words).toList());
    }

    /**
     * What a reader needs beyond the verdict, one line each: the failed step's error, the missing undo's expected name,
     * each difference after the undo and after the re-apply (naming object and property), each table whose data
     * changed.
     */
    public List<String> details() {
        List<String> lines = new ArrayList<>();
        if (failure != null) {
            lines.add(failed.words() + ": " + failure);
        }
        if (sampleData != null) {
            lines.add("sample data " + sampleData);
        }
        if (undoFile == null && failed != Problem.NOT_REHEARSED && failed != Problem.APPLY_FAILED) {
            lines.add("no undo script: write U" + file.substring(1) + " next to " + file);
        }
        afterUndo.forEach(d -> lines.add(d.line(BEFORE, UNDONE)));
        dataChanged.forEach(d -> lines.add(d.line()));
        afterReapply.forEach(d -> lines.add(d.line(AFTER, REAPPLIED)));
        return lines;
    }
}
