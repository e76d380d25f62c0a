package dev.dbmigrate.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Folders deleted as far as they can be, where a leftover costs only space and the next run tries again. */
public final class Folders {
    private Folders() {}

    /**
     * Deletes {@code root} and everything under it (a link is deleted, never followed); what cannot be deleted is left.
     */
    public static void deleteQuietly(Path root) {
        delete(root, true);
    }

    /** Deletes everything under {@code dir}, leaving the folder itself; what cannot be deleted is left. */
    public static void emptyQuietly(Path dir) {
        delete(dir, false);
    }

    private static void delete(Path root, boolean withRoot) {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> all = Files.walk(root)) {
            all.sorted(Comparator.reverseOrder())
                    .filter(p -> withRoot || !p.equals(root))
                    .forEach(p -> {
                        try {
                            Files.deleteIfExists(p);
                        } catch (IOException e) {
                            // left: its parent stays too
                        }
                    });
        } catch (IOException | UncheckedIOException e) {
            // as above
        }
    }
}
