package dev.dbmigrate.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The library's layers (see {@code docs/architecture.md}): each package depends only on packages of a lower layer or
 * of its own, no two packages depend on each other, Flyway is reached only through {@code flyway}, and child
 * processes are started only in {@code process}.
 */
class LayersTest {
    private static final String ROOT = "dev.dbmigrate.";

    /** The layer of each package, from the bottom; a package may use its own layer and every layer below it. */
    static final Map<String, Integer> LAYER = Map.ofEntries(
            Map.entry("support", 0),
            Map.entry("error", 1),
            Map.entry("events", 1),
            Map.entry("sql", 1),
            Map.entry("config", 2),
            Map.entry("process", 2),
            Map.entry("embedded", 3),
            Map.entry("jpa", 3),
            Map.entry("db", 4),
            Map.entry("history", 5),
            Map.entry("schema", 5),
            Map.entry("flyway", 6),
            Map.entry("change", 6),
            Map.entry("engine", 7),
            Map.entry("backup", 8),
            Map.entry("verify", 8),
            Map.entry("lint", 8),
            Map.entry("rehearse", 8),
            Map.entry("trace", 8),
            Map.entry("doctor", 8),
            Map.entry("promote", 9),
            Map.entry("generate", 9),
            Map.entry("report", 10),
            Map.entry("app", 11),
            Map.entry("cli", 12));

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.dbmigrate");

    @Test
    void everyPackageHasALayer() {
        List<String> missing = MAIN.stream()
                .map(LayersTest::packageOf)
                .flatMap(Optional::stream)
                .filter(p -> !LAYER.containsKey(p))
                .distinct()
                .sorted()
                .toList();
        if (!missing.isEmpty()) {
            throw new AssertionError(
                    "packages without a layer in LayersTest.LAYER (and docs/architecture.md): " + missing);
        }
    }

    @Test
    void everyPackageDependsOnlyOnItsOwnLayerAndTheOnesBelow() {
        classes().should(dependOnlyDownwards()).check(MAIN);
    }

    @Test
    void noTwoPackagesDependOnEachOther() {
        slices().matching("dev.dbmigrate.(*)..").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void onlyTheFlywayPackageUsesFlyway() {
        noClasses()
                .that()
                .resideOutsideOfPackage("dev.dbmigrate.flyway..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("org.flywaydb..")
                .because("Flyway is reached only through dev.dbmigrate.flyway")
                .check(MAIN);
    }

    /**
     * The Flyway internals the library may use, each with the reason no public API serves. When a SQL callback
     * ({@code beforeMigrate.sql}) fails, no migration is running, so nothing wraps the error: this exception is the
     * only place Flyway 13 gives the failed statement's file and line ({@code ErrorOutput.fromException} gives only
     * the SQL state and the message there).
     */
    static final Map<String, String> FLYWAY_INTERNALS_ALLOWED = Map.of(
            "org.flywaydb.core.internal.sqlscript.FlywaySqlScriptException",
            "the file and line of a failed SQL callback (no public API has them)");

    @Test
    void noClassUsesFlywayInternalsButTheNamedExceptions() {
        noClasses()
                .should()
                .dependOnClassesThat(DescribedPredicate.describe(
                        "are Flyway internals not named in FLYWAY_INTERNALS_ALLOWED",
                        (JavaClass c) -> c.getPackageName().startsWith("org.flywaydb.core.internal")
                                && !FLYWAY_INTERNALS_ALLOWED.containsKey(c.getName())))
                .because("Flyway's internal classes change without notice between releases")
                .check(MAIN);
    }

    @Test
    void onlyTheProcessPackageStartsProcesses() {
        noClasses()
                .that()
                .resideOutsideOfPackage("dev.dbmigrate.process..")
                .should()
                .dependOnClassesThat()
                .haveFullyQualifiedName(ProcessBuilder.class.getName())
                .orShould()
                .callMethod(Runtime.class, "exec", String.class)
                .orShould()
                .callMethod(Runtime.class, "exec", String[].class)
                .because("child processes are started, drained, timed out and killed in one place")
                .check(MAIN);
    }

    private static ArchCondition<JavaClass> dependOnlyDownwards() {
        return new ArchCondition<>("depend only on their own layer and the layers below") {
            @Override
            public void check(JavaClass origin, ConditionEvents events) {
                Optional<String> from = packageOf(origin);
                if (from.isEmpty() || !LAYER.containsKey(from.get())) {
                    return;
                }
                for (Dependency d : origin.getDirectDependenciesFromSelf()) {
                    Optional<String> to = packageOf(d.getTargetClass());
                    if (to.isPresent() && LAYER.containsKey(to.get()) && LAYER.get(to.get()) > LAYER.get(from.get())) {
                        events.add(SimpleConditionEvent.violated(
                                d,
                                from.get() + " (layer " + LAYER.get(from.get())
                                        + ") uses " + to.get() + " (layer " + LAYER.get(to.get()) + "): "
                                        + d.getDescription()));
                    }
                }
            }
        };
    }

    /** The first package name under {@code dev.dbmigrate}, or empty for a class outside it. */
    private static Optional<String> packageOf(JavaClass c) {
        String name = c.getPackageName();
        if (!name.startsWith(ROOT)) {
            return Optional.empty();
        }
        String rest = name.substring(ROOT.length());
        int dot = rest.indexOf('.');
        return Optional.of(dot < 0 ? rest : rest.substring(0, dot));
    }
}
