package dev.dbmigrate.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.app.MigrateCommands;
import dev.dbmigrate.backup.BackupFile;
import dev.dbmigrate.config.MigrateSettings;
import dev.dbmigrate.config.SettingsResolver;
import dev.dbmigrate.embedded.EmbeddedPostgres;
import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import dev.dbmigrate.events.MigrateListener;
import dev.dbmigrate.process.ProcessResult;
import dev.dbmigrate.process.ProcessRunner;
import dev.dbmigrate.testing.TestPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Promise 9 (docs/reliability.md): {@code sslmode} up to {@code verify-full} and the root certificate set in the URL
 * reach both the JDBC connection and pg_dump, against a server that accepts only TLS with a certificate signed by a
 * test CA made here with openssl.
 */
@Tag("postgres")
@Tag("process")
class TlsTest {
    @TempDir
    static Path tls;

    @TempDir
    Path project;

    private static EmbeddedPostgres server;
    private static Path data;

    @BeforeAll
    static void startTlsOnlyServer() throws Exception {
        openssl(
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-keyout",
                "ca.key",
                "-out",
                "ca.crt",
                "-days",
                "2",
                "-subj",
                "/CN=migrate test CA");
        openssl(
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-keyout",
                "other-ca.key",
                "-out",
                "other-ca.crt",
                "-days",
                "2",
                "-subj",
                "/CN=some other CA");
        openssl(
                "req",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-keyout",
                "server.key",
                "-out",
                "server.csr",
                "-subj",
                "/CN=127.0.0.1");
        Files.writeString(tls.resolve("san.cnf"), "subjectAltName=IP:127.0.0.1\n");
        openssl(
                "x509",
                "-req",
                "-in",
                "server.csr",
                "-CA",
                "ca.crt",
                "-CAkey",
                "ca.key",
                "-CAcreateserial",
                "-out",
                "server.crt",
                "-days",
                "2",
                "-extfile",
                "san.cnf");

        Path root = Path.of("target", "test-postgres").toAbsolutePath();
        Files.createDirectories(root);
        data = Files.createTempDirectory(root, "tls-data-");
        Files.delete(data);
        EmbeddedPostgres.Options options = new EmbeddedPostgres.Options(data, root, TestPostgres.PASSWORD, false);
        EmbeddedPostgres.start(options, line -> {}).close();
        for (String file : List.of("server.crt", "server.key")) {
            Path copy = Files.copy(tls.resolve(file), data.resolve(file));
            Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rw-------"));
            handOverToServerUser(copy, data);
        }
        Files.writeString(
                data.resolve("postgresql.conf"),
                "\nssl = on\nssl_cert_file = 'server.crt'\n" + "ssl_key_file = 'server.key'\n",
                StandardOpenOption.APPEND);
        String hba = Files.readString(data.resolve("pg_hba.conf"));
        Files.writeString(data.resolve("pg_hba.conf"), "hostnossl all all 0.0.0.0/0 reject\n" + hba);
        server = EmbeddedPostgres.start(options, line -> {});
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
            TestPostgres.deleteData(data);
        }
    }

    /** The server (which runs as 'postgres' when the build runs as root) must own its key file. */
    private static void handOverToServerUser(Path file, Path data) throws IOException {
        Files.setOwner(file, Files.getOwner(data));
    }

    /** Runs openssl in the certificate folder (file arguments are relative to it). */
    private static void openssl(String... args) {
        StringBuilder line = new StringBuilder("cd '" + tls + "' && openssl");
        for (String a : args) {
            line.append(" '").append(a).append('\'');
        }
        ProcessResult result = ProcessRunner.run(List.of("sh", "-c", line.toString()), Map.of(), Duration.ofMinutes(1));
        assertEquals(0, result.exitCode(), result.stderr());
    }

    private MigrateSettings settings(String sslParams) throws IOException {
        Path dir = Files.createDirectories(project.resolve("src/main/resources/db/migration"));
        Files.writeString(dir.resolve("V1__create_users_table.sql"), "create table users (id bigint primary key);\n");
        String database = "tls_" + Math.abs(System.nanoTime() % 100000);
        server.createDatabase(database); // pgjdbc's default sslmode=prefer speaks TLS, which the server demands
        String url = server.jdbcUrl(database) + "?" + sslParams;
        return SettingsResolver.resolve(
                new HashMap<>(Map.of("url", url, "user", "postgres", "password", TestPostgres.PASSWORD)),
                Map.of(),
                project,
                project.resolve("target"));
    }

    @Test
    void verifyFullWithTheRightRootCertificateReachesJdbcAndPgDump() throws Exception {
        MigrateSettings settings = settings("sslmode=verify-full&sslrootcert=" + tls.resolve("ca.crt"));
        MigrateCommands.upgrade(settings, MigrateListener.NONE);
        BackupFile backup = MigrateCommands.backup(settings, MigrateListener.NONE);
        assertTrue(Files.isRegularFile(backup.path().resolve("toc.dat")), backup.toString()); // the default format
    }

    @Test
    void verifyFullWithAnotherRootCertificateIsRefusedWithAConnectionError() throws Exception {
        MigrateSettings settings = settings("sslmode=verify-full&sslrootcert=" + tls.resolve("other-ca.crt"));
        MigrateException e =
                assertThrows(MigrateException.class, () -> MigrateCommands.upgrade(settings, MigrateListener.NONE));
        assertEquals(ErrorCode.CONNECTION, e.code());
        assertTrue(e.getMessage().startsWith("could not connect to the database: "), e.getMessage());
        assertTrue(e.getMessage().contains("nothing was changed"), e.getMessage());
    }
}
