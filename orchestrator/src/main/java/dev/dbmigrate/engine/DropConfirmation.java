package dev.dbmigrate.engine;

import dev.dbmigrate.config.FixHint;
import dev.dbmigrate.config.MigrateProperty;
import dev.dbmigrate.config.MigrateSettings;
import dev.dbmigrate.db.Database;
import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import java.util.function.UnaryOperator;

/**
 * Who must confirm a {@code drop}, and how: every database but the embedded one the tool starts itself (no URL
 * configured) needs its name, from {@code -Dmigrate.confirm} or, in an interactive run, typed at the prompt. A batch run
 * ({@code mvn -B}, {@code CI=true}, no console) cannot be asked, so it needs {@code -Dmigrate.confirm=<database>}.
 *
 * <p>A confirmation that is given is always checked, also where none is needed: {@code -Dmigrate.confirm=shop3} on the
 * embedded database {@code postgres} names another database than the one the drop would empty, so it is refused.
 */
public final class DropConfirmation {
    /**
     * What is to be confirmed: the goal, what it does (for the question and the refusal), what a refusal leaves
     * unchanged, and the properties its confirming command repeats besides the confirmation.
     */
    private record Action(String goal, String does, String unchanged, String... repeat) {}

    private DropConfirmation() {}

    private static Action drop(MigrateSettings settings, Database db) {
        return new Action(
                "drop",
                "drop every object in " + schemas(settings) + " of database " + db.name(),
                "nothing was dropped");
    }

    /**
     * The confirmation of a restore of {@code backup} into {@code db}, by the same rule as a drop's: it replaces the
     * managed schemas' contents, so every database but the embedded one needs its name.
     *
     * @return the confirmed database name, or {@code null} when none is needed (the embedded database)
     */
    public static String obtainForRestore(
            MigrateSettings settings, Database db, String backup, UnaryOperator<String> ask) {
        return obtain(
                settings,
                db,
                ask,
                new Action(
                        "restore",
                        "replace " + schemas(settings) + " of database " + db.name() + " with backup " + backup,
                        "nothing was changed",
                        FixHint.set(MigrateProperty.BACKUP, backup)));
    }

    /** Whether a drop of {@code db} needs the database name: a protected environment, or any non-embedded database. */
    public static boolean required(MigrateSettings settings, Database db) {
        return settings.profile().protectedEnv() || !db.embedded();
    }

    /**
     * The confirmation of a drop: {@code -Dmigrate.confirm} when given, else the answer to a question when somebody
     * can be asked; refused (nothing dropped) unless it is the database name.
     *
     * @param ask puts a question to the user and returns the answer, or returns {@code null} when nobody can be asked
     * @return the confirmed database name, or {@code null} when none is needed (the embedded database)
     */
    public static String obtain(MigrateSettings settings, Database db, UnaryOperator<String> ask) {
        return obtain(settings, db, ask, drop(settings, db));
    }

    private static String obtain(MigrateSettings settings, Database db, UnaryOperator<String> ask, Action action) {
        String given = settings.options().confirm();
        if (!required(settings, db)) {
            check(settings, db, given, false, action);
            return given;
        }
        boolean asked = false;
        if (given == null && ask != null) {
            given = ask.apply("This will " + action.does() + " (" + db.url().display() + "). Type the database name"
                    + " to confirm: ");
            asked = given != null;
            given = given == null ? null : given.strip();
        }
        check(settings, db, given, asked, action);
        return given;
    }

    /**
     * Refuses a drop of {@code db} unless {@code confirmation} is its name, or none is needed and none was given.
     *
     * @throws MigrateException {@link ErrorCode#REFUSED}, naming the database and the command that confirms it
     */
    public static void check(MigrateSettings settings, Database db, String confirmation) {
        check(settings, db, confirmation, false, drop(settings, db));
    }

    private static void check(
            MigrateSettings settings, Database db, String confirmation, boolean answered, Action action) {
        if (db.name().equals(confirmation) || (confirmation == null && !required(settings, db))) {
            return;
        }
        String why;
        if (!required(settings, db)) {
            why = "database " + db.name() + " is the embedded development database, which needs no confirmation, but";
        } else if (settings.profile().protectedEnv()) {
            why = "environment '" + settings.env() + "' is protected";
        } else {
            why = "database " + db.name() + " (" + db.url().display() + ", from "
                    + settings.source().label() + ") is not the embedded development database";
        }
        if (!required(settings, db)) {
            why += " -Dmigrate.confirm=" + confirmation + " names another database";
        } else if (confirmation == null) {
            why += " and nobody confirmed it (the run is not interactive: mvn -B, CI=true or no console)";
        } else if (answered) {
            why += " and the answer '" + confirmation + "' is not the database name";
        } else {
            why += " and -Dmigrate.confirm=" + confirmation + " does not match the database name";
        }
        String[] properties = java.util.Arrays.copyOf(action.repeat(), action.repeat().length + 1);
        properties[properties.length - 1] = FixHint.set(MigrateProperty.CONFIRM, db.name());
        throw new MigrateException(
                ErrorCode.REFUSED,
                action.goal() + " refused: " + why + "; " + action.unchanged() + " (to " + action.does() + ", run mvn "
                        + FixHint.command(settings, action.goal(), properties) + ")");
    }

    private static String schemas(MigrateSettings settings) {
        return "schema" + (settings.schemas().size() == 1 ? " " : "s ") + String.join(", ", settings.schemas());
    }
}
