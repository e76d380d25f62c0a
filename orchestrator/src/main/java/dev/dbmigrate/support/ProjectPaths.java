package dev.dbmigrate.support;

import java.nio.file.Path;

/** How messages and reports name a file: relative to the project when it lies inside it, else absolute. */
public final class ProjectPaths {
    private ProjectPaths() {}

    /** {@code file} relative to {@code projectDir} when it lies inside it, else absolute; both normalised. */
    public static String shown(Path projectDir, Path file) {
        Path project = projectDir.toAbsolutePath().normalize();
        Path absolute = file.toAbsolutePath().normalize();
        return (absolute.startsWith(project) ? project.relativize(absolute) : absolute).toString();
    }
}
