package dev.dbmigrate.embedded;

import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import dev.dbmigrate.process.ProcessResult;
import dev.dbmigrate.support.Folders;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Initialises a new cluster in an empty data folder with {@code initdb}: the superuser {@code postgres} (trust on
 * 127.0.0.1, or the given password with scram-sha-256), UTF-8, locale C, listening on 127.0.0.1 only; not durable
 * (no fsync) for throw-away test servers. Under root the folder is handed to the user the server runs as.
 */
final class ClusterSetup {
    private ClusterSetup() {}

    static void initialise(ServerTools tools, Path dataDir, EmbeddedPostgres.Options options, Consumer<String> log)
            throws IOException {
        long began = System.nanoTime();
        Files.createDirectories(dataDir);
        if (!PostgresBinaries.isEmptyDirectory(dataDir)) {
            throw new MigrateException(
                    ErrorCode.ENVIRONMENT,
                    "the embedded PostgreSQL data folder " + dataDir
                            + " is not empty but holds no PostgreSQL cluster (no PG_VERSION); move its files away or delete it");
        }
        Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwx------"));
        String runAs = tools.runAs();
        if (runAs != null) {
            handOver(dataDir, runAs);
            checkReachable(dataDir, runAs);
        }
        List<String> initdb = new ArrayList<>(List.of(
                tools.binaries().tool("initdb").toString(),
                "-D",
                dataDir.toString(),
                "-U",
                EmbeddedPostgres.SUPERUSER,
                "-E",
                "UTF8",
                "--locale=C",
                "--no-sync"));
        Path passwordFile = null;
        if (options.password() != null) {
            passwordFile = passwordFile(dataDir, options.password(), runAs);
            initdb.addAll(List.of("--auth=scram-sha-256", "--pwfile=" + passwordFile));
        } else {
            initdb.add("--auth=trust");
        }
        try {
            runInitdb(tools, initdb, dataDir);
        } finally {
            if (passwordFile != null) {
                Files.deleteIfExists(passwordFile);
            }
        }
        appendSettings(dataDir, options.durable());
        log.accept("Initialised a new embedded PostgreSQL cluster in " + dataDir + " (initdb: "
                + (System.nanoTime() - began) / 1_000_000 + " ms)");
    }

    /** The superuser's password in a file only its owner can read, beside the data folder (initdb's --pwfile). */
    private static Path passwordFile(Path dataDir, String password, String runAs) throws IOException {
        Path passwordFile = dataDir.resolveSibling(dataDir.getFileName() + ".pwfile");
        Files.deleteIfExists(passwordFile);
        Files.createFile(
                passwordFile,
                PosixFilePermissions.asFileAttribute(
                        Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE)));
        Files.writeString(passwordFile, password);
        if (runAs != null) {
            handOver(passwordFile, runAs);
        }
        return passwordFile;
    }

    private static void runInitdb(ServerTools tools, List<String> initdb, Path dataDir) {
        ProcessResult result;
        try {
            result = tools.run(initdb);
        } catch (MigrateException e) {
            if (e.code() != ErrorCode.INTERRUPTED) {
                throw e;
            }
            // the folder was empty before: empty again, the next run initialises it from the start
            Folders.emptyQuietly(dataDir);
            throw new MigrateException(
                    ErrorCode.INTERRUPTED,
                    "interrupted (SIGINT or SIGTERM) while setting up"
                            + " the embedded database: initdb was stopped before the database existed and its unfinished"
                            + " data folder " + dataDir + " was emptied; nothing was changed and no migration ran (run"
                            + " the command again)",
                    e);
        }
        if (!result.succeeded()) {
            throw new MigrateException(
                    ErrorCode.ENVIRONMENT,
                    "initdb failed for the embedded PostgreSQL data folder " + dataDir + ": "
                            + (result.stdout() + result.stderr()).strip());
        }
    }

    private static void appendSettings(Path dataDir, boolean durable) throws IOException {
        StringBuilder conf = new StringBuilder("\n# written by migrate's embedded PostgreSQL\n")
                .append("listen_addresses = '127.0.0.1'\n")
                .append("unix_socket_directories = ''\n")
                .append("max_connections = 50\n");
        if (!durable) {
            conf.append("fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n");
        }
        Files.writeString(dataDir.resolve("postgresql.conf"), conf.toString(), StandardOpenOption.APPEND);
    }

    private static void handOver(Path path, String user) throws IOException {
        UserPrincipal owner =
                path.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(user);
        Files.setOwner(path, owner);
    }

    private static void checkReachable(Path dataDir, String user) {
        for (Path p = dataDir.getParent(); p != null; p = p.getParent()) {
            try {
                Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p);
                if (!perms.contains(PosixFilePermission.OTHERS_EXECUTE)) {
                    throw new MigrateException(
                            ErrorCode.ENVIRONMENT,
                            "the embedded PostgreSQL server runs as '" + user
                                    + "' (the build runs as root), but that user cannot enter " + p + " to reach "
                                    + dataDir
                                    + " (run 'chmod o+x " + p
                                    + "', build as an ordinary user, or configure -Dmigrate.url)");
                }
            } catch (IOException e) {
                return;
            }
        }
    }
}
