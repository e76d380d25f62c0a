package dev.dbmigrate.lint;

import dev.dbmigrate.engine.MigrationFiles.MigrationFile;
import java.util.HashSet;
import java.util.Set;

/**
 * The functions the migrations create ({@code CREATE [OR REPLACE] FUNCTION name(...)}) that PostgreSQL takes as
 * VOLATILE: those that declare neither {@code IMMUTABLE} nor {@code STABLE} (VOLATILE is the default). Made once per
 * run ({@link LintContext#derived}); a function created outside the migrations is not known.
 *
 * @param volatileNames the names of the volatile ones, without their schema
 */
record ProjectFunctions(Set<String> volatileNames) {
    /** The functions of {@code context}'s migrations. */
    static ProjectFunctions of(LintContext context) {
        return context.derived(ProjectFunctions.class, ProjectFunctions::read);
    }

    private static ProjectFunctions read(LintContext context) {
        Set<String> names = new HashSet<>();
        for (MigrationFile file : context.forward()) {
            for (LintStatement s : context.sql(file).statements()) {
                int at = s.startsWith("CREATE", "FUNCTION")
                        ? 2
                        : s.startsWith("CREATE", "OR", "REPLACE", "FUNCTION") ? 4 : -1;
                if (at > 0) {
                    // the body is one string token, so these words are the function's own attributes
                    boolean declared = s.contains("IMMUTABLE") || s.contains("STABLE");
                    s.nameAt(at).filter(name -> !declared).ifPresent(name -> names.add(name.name()));
                }
            }
        }
        return new ProjectFunctions(Set.copyOf(names));
    }
}
