package dev.dbmigrate.engine;

import dev.dbmigrate.engine.MigrationFiles.Unusable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The entries of a migration folder that are named like migrations but cannot be read as one. */
final class UnusableEntries {
    private UnusableEntries() {}

    /**
     * Why an entry whose name says it is a migration (or a look-alike, or a callback) cannot be read as one, or null
     * when it can or does not claim to be one: a dangling link, a folder or something else that is not a file, a file
     * this process may not read. Flyway would pass over each without a word.
     */
    static Unusable judge(Path entry, String name, String script) {
        boolean named = name.toLowerCase(java.util.Locale.ROOT).endsWith(".sql");
        java.nio.file.attribute.BasicFileAttributes own;
        try {
            own = Files.readAttributes(
                    entry, java.nio.file.attribute.BasicFileAttributes.class, java.nio.file.LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            return null; // gone since the folder was listed
        }
        if (own.isRegularFile()) { // the common case, with one look at the file system (two for a .sql file)
            return named && !Files.isReadable(entry) ? unreadable(entry, script) : null;
        }
        if (Files.isSymbolicLink(entry) && !Files.exists(entry)) {
            if (!named && MigrationNames.diagnose(name) == null) {
                return null;
            }
            String target;
            try {
                target = Files.readSymbolicLink(entry).toString();
            } catch (IOException e) {
                target = "a file";
            }
            return new Unusable(
                    entry,
                    script,
                    "is a dangling link (it points to " + target + ", which does not" + " exist)",
                    "restore what it points to, or delete the link " + entry);
        }
        if (Files.isDirectory(entry)) {
            return named
                    ? new Unusable(
                            entry,
                            script,
                            "is a folder, not a file",
                            "rename the folder " + entry
                                    + " so that its name does not end in .sql, or move the migration out of it into a file of this"
                                    + " name")
                    : null;
        }
        if (!Files.isRegularFile(entry)) {
            return named || MigrationNames.diagnose(name) != null
                    ? new Unusable(
                            entry,
                            script,
                            "is not a regular" + " file (a device, socket or named pipe)",
                            "replace it with a file, or delete it")
                    : null;
        }
        boolean migration = named || MigrationNames.diagnose(name) != null;
        return migration && !Files.isReadable(entry) ? unreadable(entry, script) : null;
    }

    private static Unusable unreadable(Path entry, String script) {
        return new Unusable(
                entry,
                script,
                "cannot be read: permission denied",
                "make it readable, for example with" + " chmod a+r " + entry);
    }
}
