package dev.dbmigrate.trace;

/**
 * A lock a statement took on a relation that existed before its migration.
 *
 * @param relation the relation, qualified as it was named before the migration: {@code public.users}
 * @param mode     the lock mode
 */
public record LockTaken(String relation, LockMode mode) {
    /** {@code ACCESS EXCLUSIVE on public.users}. */
    @Override
    public String toString() {
        return mode.words() + " on " + relation;
    }
}
