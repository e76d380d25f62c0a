package dev.dbmigrate.engine;

import dev.dbmigrate.config.FixHint;
import dev.dbmigrate.config.MigrateProperty;

import dev.dbmigrate.config.MigrateSettings;
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
    private DropConfirmation() {
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
        String given = settings.options().confirm();
        if (!required(settings, db)) {
            check(settings, db, given, false);
            return given;
        }
        boolean asked = false;
        if (given == null && ask != null) {
            given = ask.apply("migrate:drop deletes every object in " + schemas(settings) + " of database "
                    + db.name() + " (" + db.url().display() + "). Type the database name to confirm: ");
            asked = given != null;
            given = given == null ? null : given.strip();
        }
        check(settings, db, given, asked);
        return given;
    }

    /**
     * Refuses a drop of {@code db} unless {@code confirmation} is its name, or none is needed and none was given.
     *
     * @throws MigrateException {@link ErrorCode#REFUSED}, naming the database and the command that confirms it
     */
    public static void check(MigrateSettings settings, Database db, String confirmation) {
        check(settings, db, confirmation, false);
    }

    private static void check(MigrateSettings settings, Database db, String confirmation, boolean answered) {
        if (db.name().equals(confirmation) || (confirmation == null && !required(settings, db))) {
            return;
        }
        String why;
        if (!required(settings, db)) {
            why = "database " + db.name() + " is the embedded development database, which needs no confirmation, but";
        } else if (settings.profile().protectedEnv()) {
            why = "environment '" + settings.env() + "' is protected";
        } else {
            why = "database " + db.name() + " (" + db.url().display() + ", from " + settings.source().label()
                    + ") is not the embedded development database";
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
        throw new MigrateException(ErrorCode.REFUSED, "drop refused: " + why + "; nothing was dropped (to drop every"
                + " object in " + schemas(settings) + " of database " + db.name() + ", run mvn "
                + FixHint.command(settings, "drop", FixHint.set(MigrateProperty.CONFIRM, db.name())) + ")");
    }

    private static String schemas(MigrateSettings settings) {
        return "schema" + (settings.schemas().size() == 1 ? " " : "s ") + String.join(", ", settings.schemas());
    }
}
