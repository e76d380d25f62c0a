package dev.dbmigrate.process;

import java.util.List;

/** What one external command did: its command line (never holding a secret), exit code and both output streams. */
public record ProcessResult(List<String> command, int exitCode, String stdout, String stderr) {
    public boolean succeeded() {
        return exitCode == 0;
    }

    /** The command's program and arguments as one line, for messages. */
    public String commandLine() {
        return String.join(" ", command);
    }
}
