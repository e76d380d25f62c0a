package dev.dbmigrate.backup;

import dev.dbmigrate.db.Database;
import dev.dbmigrate.process.ProcessResult;
import dev.dbmigrate.support.Masking;
import dev.dbmigrate.support.Messages;
import java.util.List;

/** What a client program (pg_dump, pg_restore, psql) printed, as a message quotes it: on one line, password masked. */
final class ToolOutput {
    private ToolOutput() {}

    /** Text from a child on one line, with the password masked. */
    static String masked(String output, Database db) {
        String text = Masking.inText(Messages.oneLine(output), List.of(db.url().password()));
        return text.isEmpty() ? "(no output)" : text;
    }

    /** A child's standard error (else its standard output) on one line, with the password masked. */
    static String of(ProcessResult result, Database db) {
        return masked(result.stderr().isBlank() ? result.stdout() : result.stderr(), db);
    }
}
