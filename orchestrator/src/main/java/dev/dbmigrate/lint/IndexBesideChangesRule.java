package dev.dbmigrate.lint;

import java.util.Set;

/**
 * An index on an existing table built in the same migration as other changes: the seed's "add indexes in separate
 * migrations". A slow build holds the other changes' locks until it ends, and a failed one undoes them. An index
 * built {@code CONCURRENTLY} beside other statements is {@code concurrent-in-transaction}'s finding, not this one's.
 */
final class IndexBesideChangesRule extends SqlRule {
    /** The statements that change nothing a build could hold or undo. */
    private static final Set<String> NOT_CHANGES =
            Set.of("SET", "RESET", "BEGIN", "START", "COMMIT", "END", "COMMENT", "ANALYZE", "SELECT");

    @Override
    public String id() {
        return "index-beside-changes";
    }

    @Override
    public Severity severity() {
        return Severity.WARNING;
    }

    @Override
    public String description() {
        return "an index on an existing table belongs in a migration of its own, apart from other changes";
    }

    @Override
    public String alternative() {
        return "move the index into a migration of its own, built with CREATE INDEX CONCURRENTLY";
    }

    @Override
    String problem(LintStatement statement, MigrationSql sql, LintContext context) {
        CreatedIndex index = CreatedIndex.of(statement)
                .filter(i -> !i.concurrently() && !i.only() && sql.existedBefore(i.table()))
                .orElse(null);
        if (index == null) {
            return null;
        }
        return sql.statements().stream()
                .filter(IndexBesideChangesRule::isChange)
                .findFirst()
                .map(change -> "creates " + index.described() + " on the existing table " + index.table()
                        + " in the same migration as other changes (line " + change.line() + ": " + change.summary()
                        + "), so a slow build holds their locks until it ends and a failed one undoes them")
                .orElse(null);
    }

    private static boolean isChange(LintStatement s) {
        return CreatedIndex.of(s).isEmpty()
                && !s.tokens().isEmpty()
                && NOT_CHANGES.stream().noneMatch(word -> s.tokens().get(0).is(word));
    }
}
