package dev.dbmigrate.embedded;

import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import dev.dbmigrate.process.ProcessResult;
import dev.dbmigrate.process.ProcessRunner;
import dev.dbmigrate.process.ServerProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Runs the server's programs (initdb, pg_ctl) of one set of binaries. PostgreSQL refuses to run as root: when this JVM
 * runs as root, every program runs as an unprivileged user ({@code postgres}, else {@code nobody}) through
 * {@code runuser}.
 */
final class ServerTools {
    /** How long one program may run before it is stopped. */
    static final Duration TOOL_TIMEOUT = Duration.ofSeconds(120);
    /** Users the server may run as when the build runs as root, in order of preference. */
    private static final List<String> UNPRIVILEGED_USERS = List.of("postgres", "nobody");

    private final PostgresBinaries binaries;
    private final String runAs;

    private ServerTools(PostgresBinaries binaries, String runAs) {
        this.binaries = binaries;
        this.runAs = runAs;
    }

    /** The programs of {@code binaries}, run as an unprivileged user when this JVM runs as root (and said so). */
    static ServerTools forThisUser(PostgresBinaries binaries, Consumer<String> log) {
        String runAs = runningAsRoot() ? unprivilegedUser() : null;
        if (runAs != null) {
            log.accept("Running as root: the embedded PostgreSQL server runs as the unprivileged user '" + runAs
                    + "', since PostgreSQL refuses to run as root");
        }
        return new ServerTools(binaries, runAs);
    }

    PostgresBinaries binaries() {
        return binaries;
    }

    /** The user the programs run as, or null for this JVM's own user. */
    String runAs() {
        return runAs;
    }

    /** Runs {@code command} (a program of the binaries and its arguments) and waits for it. */
    ProcessResult run(List<String> command) {
        return ProcessRunner.run(asUser(command), Map.of(), TOOL_TIMEOUT);
    }

    /**
     * The binaries' PostgreSQL major version: known for a bundle's, else read from {@code pg_ctl --version}
     * ({@code pg_ctl (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)}); empty when it prints no version.
     */
    Optional<Integer> major() {
        if (binaries.knownMajor().isPresent()) {
            return binaries.knownMajor();
        }
        ProcessResult printed = pgCtl("--version");
        Matcher m = Pattern.compile("\\(PostgreSQL\\)\\s+(\\d+)").matcher(printed.stdout());
        return printed.succeeded() && m.find() ? Optional.of(Integer.valueOf(m.group(1))) : Optional.empty();
    }

    /** Runs {@code pg_ctl} with {@code arguments} and waits for it. */
    ProcessResult pgCtl(String... arguments) {
        return run(pgCtlLine(arguments));
    }

    /** Runs {@code pg_ctl start -w ...} and returns as soon as {@code ready} holds (see {@link ServerProcess}). */
    ProcessResult pgCtlUntil(BooleanSupplier ready, String... arguments) {
        List<String> command = pgCtlLine(arguments);
        return ServerProcess.startUntilReady(asUser(command), command.get(0), ready, TOOL_TIMEOUT);
    }

    private List<String> pgCtlLine(String... arguments) {
        List<String> line = new ArrayList<>(List.of(binaries.tool("pg_ctl").toString()));
        line.addAll(List.of(arguments));
        return line;
    }

    private List<String> asUser(List<String> command) {
        List<String> line = new ArrayList<>();
        if (runAs != null) {
            line.addAll(List.of(runuser(), "-u", runAs, "--"));
        }
        line.addAll(command);
        return line;
    }

    /** Waits, at most {@code atMost}, for process {@code pid} to end; true when it is gone. */
    static boolean awaitExit(long pid, Duration atMost) {
        ProcessHandle.of(pid)
                .ifPresent(p -> p.onExit()
                        .completeOnTimeout(p, atMost.toMillis(), TimeUnit.MILLISECONDS)
                        .join());
        return ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
    }

    /** Waits, at most {@link #TOOL_TIMEOUT}, for process {@code pid} to end. */
    static void awaitExit(long pid) {
        ProcessHandle.of(pid)
                .ifPresent(p -> p.onExit()
                        .completeOnTimeout(p, TOOL_TIMEOUT.toSeconds(), TimeUnit.SECONDS)
                        .join());
    }

    private static String runuser() {
        return Stream.of("/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser")
                .filter(p -> Files.isExecutable(Path.of(p)))
                .findFirst()
                .orElseThrow(() -> new MigrateException(
                        ErrorCode.ENVIRONMENT,
                        "the build runs as root and PostgreSQL refuses to; 'runuser' (util-linux) is needed to start"
                                + " the embedded server as an unprivileged user but was not found (install util-linux,"
                                + " or build as an ordinary user)"));
    }

    private static String unprivilegedUser() {
        var lookup = java.nio.file.FileSystems.getDefault().getUserPrincipalLookupService();
        for (String user : UNPRIVILEGED_USERS) {
            try {
                lookup.lookupPrincipalByName(user);
                return user;
            } catch (IOException e) {
                // try the next one
            }
        }
        throw new MigrateException(
                ErrorCode.ENVIRONMENT,
                "the build runs as root, PostgreSQL refuses to, and neither"
                        + " of the users " + UNPRIVILEGED_USERS
                        + " exists to run the embedded server as (create one with"
                        + " 'useradd --system postgres', build as an ordinary user, or configure -Dmigrate.url)");
    }

    static boolean runningAsRoot() {
        try {
            return new com.sun.security.auth.module.UnixSystem().getUid() == 0;
        } catch (RuntimeException | LinkageError e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }
}
