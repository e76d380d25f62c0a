package dev.dbmigrate.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What a server's {@code postmaster.pid} says, one value a line: pid, data folder, start time, port, socket folder,
 * listen address, shared memory key, status. A stale file of a crashed server names a dead process.
 */
final class PidFile {
    private PidFile() {}

    static Path of(Path dataDir) {
        return dataDir.resolve("postmaster.pid");
    }

    /** The postmaster's pid, or null when there is no readable file. */
    static Long pid(Path dataDir) {
        try {
            List<String> lines = Files.readAllLines(of(dataDir));
            return lines.isEmpty() ? null : Long.valueOf(lines.get(0).strip());
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** True when the file names a process that runs: a server is up (or going down) on {@code dataDir}. */
    static boolean live(Path dataDir) {
        Long pid = pid(dataDir);
        return pid != null && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** The port, or 0. */
    static int port(Path dataDir) {
        try {
            List<String> lines = Files.readAllLines(of(dataDir));
            return lines.size() > 3 ? Integer.parseInt(lines.get(3).strip()) : 0;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /**
     * True once the server on {@code port} with data in {@code dataDir} accepts connections: its
     * {@code postmaster.pid} names a live process, the port, and the status {@code ready} (what pg_ctl -w waits for).
     * A stale file of a crashed server names a dead process or another port.
     */
    static boolean ready(Path dataDir, int port) {
        try {
            List<String> lines = Files.readAllLines(of(dataDir));
            if (lines.size() < 8
                    || !lines.get(7).strip().equals("ready")
                    || !lines.get(3).strip().equals(Integer.toString(port))) {
                return false;
            }
            long pid = Long.parseLong(lines.get(0).strip());
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
