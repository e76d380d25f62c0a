package dev.dbmigrate.lint;

import java.util.Optional;

/**
 * A {@code CREATE [UNIQUE] INDEX [CONCURRENTLY] [IF NOT EXISTS] [name] ON [ONLY] table ...} statement, read.
 *
 * @param name         the index's name, or null when PostgreSQL chooses it
 * @param table        the table it indexes
 * @param concurrently whether it is built {@code CONCURRENTLY}
 * @param only         whether it is {@code ON ONLY} a partitioned table: a catalog entry, no index is built
 */
record CreatedIndex(String name, ObjectName table, boolean concurrently, boolean only) {
    /** The index {@code statement} creates, if it creates one. */
    static Optional<CreatedIndex> of(LintStatement statement) {
        int at = statement.startsWith("CREATE", "INDEX")
                ? 2
                : statement.startsWith("CREATE", "UNIQUE", "INDEX") ? 3 : -1;
        if (at < 0) {
            return Optional.empty();
        }
        boolean concurrently = statement.matchesAt(at, "CONCURRENTLY");
        int from = concurrently ? at + 1 : at;
        int on = statement.indexOf(from, "ON");
        if (on < 0) {
            return Optional.empty();
        }
        String name = on > from ? statement.nameAt(from).map(ObjectName::name).orElse(null) : null;
        return statement
                .nameAt(on + 1)
                .map(table -> new CreatedIndex(name, table, concurrently, statement.matchesAt(on + 1, "ONLY")));
    }

    /** The index, for messages: "the index users_email_idx", "an index". */
    String described() {
        return name == null ? "an index" : "the index " + name;
    }
}
