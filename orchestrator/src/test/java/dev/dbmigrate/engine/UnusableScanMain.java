package dev.dbmigrate.engine;

import java.nio.file.Path;
import java.util.List;

/** Prints the problems {@link MigrationFiles#scan} finds with the entries of one folder, one a line (for tests). */
public final class UnusableScanMain {
    private UnusableScanMain() {}

    static List<String> problems(Path location) {
        return MigrationFiles.scan(List.of(location), true).unusable().stream()
                .map(NamingProblems::problem)
                .toList();
    }

    public static void main(String[] args) {
        problems(Path.of(args[0])).forEach(System.out::println);
    }
}
