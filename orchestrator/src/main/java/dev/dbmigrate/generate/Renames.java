package dev.dbmigrate.generate;

import dev.dbmigrate.change.ChangeOptions;
import dev.dbmigrate.change.Plan;
import dev.dbmigrate.change.Planner;
import dev.dbmigrate.change.Rename;
import dev.dbmigrate.config.MigrateProperty;
import dev.dbmigrate.config.MigrateSettings;
import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import dev.dbmigrate.schema.Snapshot;
import java.util.ArrayList;
import java.util.List;

/** The planner's options from the settings: destructive changes allowed or not, and the confirmed renames. */
final class Renames {
    private Renames() {}

    /** {@code allowDestructive} and each rename of {@code -Dmigrate.rename} ({@code a.b:c,d:e}). */
    static ChangeOptions options(MigrateSettings settings) {
        List<Rename> renames = new ArrayList<>();
        String given = settings.options().rename();
        if (given != null && !given.isBlank()) {
            for (String one : given.split(",")) {
                String[] sides = one.strip().split(":", -1);
                if (sides.length != 2 || sides[0].isBlank() || sides[1].isBlank()) {
                    throw new MigrateException(
                            ErrorCode.CONFIGURATION,
                            MigrateProperty.RENAME.property() + " = '" + given + "': '" + one.strip() + "' is not"
                                    + " table.old:new (a column) or old:new (a table); nothing was written (for"
                                    + " example -Dmigrate.rename=users.name:full_name)");
                }
                renames.add(new Rename(sides[0].strip(), sides[1].strip()));
            }
        }
        return new ChangeOptions(settings.options().allowDestructive(), renames);
    }

    /** The plan, a rename the schemas do not bear out refused as a configuration error. */
    static Plan plan(Snapshot current, Snapshot desired, ChangeOptions options) {
        try {
            return Planner.plan(current, desired, options);
        } catch (IllegalArgumentException e) {
            throw new MigrateException(
                    ErrorCode.CONFIGURATION, e.getMessage() + "; nothing was written (" + fix() + ")", e);
        }
    }

    private static String fix() {
        return "give " + MigrateProperty.RENAME.property() + " as table.old:new for a column the migrations build and"
                + " the desired schema renames, or old:new for a table";
    }
}
