package dev.dbmigrate.backup;

import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The folder an environment's backups live in: where it may be (never inside the build folder, the project folder or
 * a migration location), creating it so git never shows a dump, and the file operations on what is in it.
 *
 * @param directory the folder, absolute and normalised
 * @param env       the environment whose backups it holds
 */
record BackupFolder(Path directory, String env) {
    /** The ignore file written into the topmost backup folder this tool creates. */
    private static final String GIT_IGNORE = ".gitignore";

    /**
     * Refuses a folder where backups would be lost or committed: inside the build folder ({@code mvn clean} deletes
     * it, also through links), the project folder itself, or inside or above a migration location.
     *
     * @param configured the folder as the profile names it, for the message
     */
    void requireAllowed(String configured, Path projectDir, Path buildDir, List<Path> locations) {
        Path build = buildDir.toAbsolutePath().normalize();
        // through links too: a folder that leads into target/ is deleted by mvn clean all the same
        if (directory.startsWith(build) || resolved(directory).startsWith(resolved(build))) {
            throw new MigrateException(
                    ErrorCode.CONFIGURATION,
                    "backup.directory = '" + configured
                            + "' of environment " + env + " is inside the build folder " + build + ", where mvn clean"
                            + " deletes every backup; nothing was changed and no backup was written or restored (set"
                            + " backup.directory in environments/" + env
                            + ".yml to a folder outside it, such as backups/"
                            + env + ", the default)");
        }
        String where = committedWhere(projectDir, locations);
        if (where != null) {
            throw new MigrateException(
                    ErrorCode.CONFIGURATION,
                    "backup.directory = '" + configured
                            + "' of environment " + env + " " + where
                            + "; nothing was changed and no backup was written or"
                            + " restored (set backup.directory in environments/" + env
                            + ".yml to a folder of its own, such"
                            + " as backups/" + env + ", the default)");
        }
    }

    /** Why git would take the dumps along from this folder, or {@code null} when it would not. */
    private String committedWhere(Path projectDir, List<Path> locations) {
        if (directory.equals(projectDir.toAbsolutePath().normalize())) {
            return "is the project folder " + directory + " itself, where git status shows every database dump"
                    + " ready to commit";
        }
        for (Path location : locations) {
            Path migrations = location.toAbsolutePath().normalize();
            if (directory.startsWith(migrations)) {
                return "is inside the migration location " + migrations + ", where git status shows every"
                        + " database dump ready to commit and the build packages it with the migrations";
            }
            if (migrations.startsWith(directory)) {
                return "holds the migration location " + migrations + ", where git status shows every"
                        + " database dump ready to commit and the build may package it with the migrations";
            }
        }
        return null;
    }

    /**
     * Fails, naming the folder and the fix, when backups cannot be written there. Creates the folder when missing,
     * with a {@code .gitignore} holding {@code *} in the topmost folder it creates, so no backup ever shows up in
     * {@code git status}.
     */
    void requireWritable() {
        Path probe = directory.resolve(".migrate-write-probe");
        try {
            Path madeHere = topmostMissing();
            Files.createDirectories(directory);
            Path ignore = madeHere == null ? null : madeHere.resolve(GIT_IGNORE);
            if (ignore != null && !Files.exists(ignore, LinkOption.NOFOLLOW_LINKS) && !ignoredAbove(madeHere)) {
                Files.writeString(
                        ignore,
                        "# backups are database dumps: never commit them (written by migrate)\n*\n",
                        StandardCharsets.UTF_8);
            } else if (madeHere == null && !ignoredAbove(directory.resolve(GIT_IGNORE))) {
                ignoreBackupsIn();
            }
            Files.writeString(probe, "probe");
            Files.delete(probe);
        } catch (IOException | UncheckedIOException e) {
            throw new MigrateException(
                    ErrorCode.ENVIRONMENT,
                    "cannot write backups to " + directory + " ("
                            + describe(e) + "); " + env
                            + " was not changed and pg_dump was not run (set backup.directory in "
                            + "environments/" + env + ".yml to a folder this user can create and write, or fix the "
                            + "permissions of " + directory + ")",
                    e);
        }
    }

    /** The topmost folder of the backup folder that does not exist yet (itself, or an ancestor), or null. */
    Path topmostMissing() {
        Path missing = null;
        for (Path p = directory; p != null && !Files.exists(p); p = p.getParent()) {
            missing = p;
        }
        return missing;
    }

    /**
     * Whether a folder above {@code folder} (up to the root of its git work tree) already ignores everything below it
     * with a {@code .gitignore} holding {@code *}, as the one written for another environment's backups does.
     */
    private static boolean ignoredAbove(Path folder) throws IOException {
        for (Path p = folder.getParent(); p != null; p = p.getParent()) {
            Path ignore = p.resolve(GIT_IGNORE);
            if (Files.isRegularFile(ignore)
                    && Files.readAllLines(ignore, StandardCharsets.UTF_8).stream()
                            .anyMatch(l -> l.strip().equals("*"))) {
                return true;
            }
            if (Files.exists(p.resolve(".git"))) {
                return false;
            }
        }
        return false;
    }

    /**
     * In a backup folder that was there before (a user's, or one an older version made): its own files stay visible
     * to git, but this environment's backups, their checksums and a partial dump are ignored, by lines added to its
     * {@code .gitignore} (written when missing, never rewritten).
     */
    private void ignoreBackupsIn() throws IOException {
        Path ignore = directory.resolve(GIT_IGNORE);
        List<String> have =
                Files.isRegularFile(ignore) ? Files.readAllLines(ignore, StandardCharsets.UTF_8) : List.of();
        List<String> add = new ArrayList<>();
        for (String line : List.of("/" + env + "-*", "/." + env + "-*.partial")) {
            if (!have.contains(line)) {
                add.add(line);
            }
        }
        if (add.isEmpty()) {
            return;
        }
        String text = (have.isEmpty()
                                || Files.readString(ignore, StandardCharsets.UTF_8)
                                        .endsWith("\n")
                        ? ""
                        : "\n") + "# " + env + "'s backups are database dumps: never commit them (written by migrate)\n"
                + String.join("\n", add) + "\n";
        Files.writeString(ignore, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** {@code path} with the links of its longest existing part resolved (what it really names once created). */
    private static Path resolved(Path path) {
        Path existing = path.toAbsolutePath().normalize();
        Path rest = existing.getFileSystem().getPath("");
        while (existing != null && !Files.exists(existing)) {
            rest = existing.getFileName().resolve(rest);
            existing = existing.getParent();
        }
        try {
            return existing == null ? path : existing.toRealPath().resolve(rest).normalize();
        } catch (IOException e) {
            return path.toAbsolutePath().normalize();
        }
    }

    /** Whether a folder holds no files, only (possibly) empty folders and the ignore file written into it. */
    static boolean isEmptyTree(Path folder) {
        try (Stream<Path> all = Files.walk(folder)) {
            return all.allMatch(
                    p -> Files.isDirectory(p) || p.getFileName().toString().equals(GIT_IGNORE));
        } catch (IOException | UncheckedIOException e) {
            return false;
        }
    }

    /** The size of a file, or the sum of the files in a folder. */
    static long size(Path path) throws IOException {
        if (!Files.isDirectory(path)) {
            return Files.size(path);
        }
        try (Stream<Path> walk = Files.walk(path)) {
            long total = 0;
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                total += Files.size(file);
            }
            return total;
        }
    }

    static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            try (Stream<Path> walk = Files.walk(path)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        } else {
            Files.deleteIfExists(path);
        }
    }

    static void deleteQuietly(Path path) {
        try {
            deleteRecursively(path);
        } catch (IOException | UncheckedIOException ignored) {
            // best effort: a leftover hidden temporary file never looks like a backup
        }
    }

    private static String describe(Exception e) {
        Throwable cause = e instanceof UncheckedIOException u ? u.getCause() : e;
        String detail = cause.getMessage();
        String kind = cause.getClass()
                .getSimpleName()
                .replaceAll("(?<=[a-z])(?=[A-Z])", " ")
                .toLowerCase(Locale.ROOT)
                .replace(" exception", "");
        return detail == null ? kind : kind + ": " + detail;
    }
}
