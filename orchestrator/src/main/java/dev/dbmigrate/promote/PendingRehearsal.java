package dev.dbmigrate.promote;

import dev.dbmigrate.config.MigrateSettings;
import dev.dbmigrate.events.MigrateListener;

/**
 * The rehearsal a promotion runs after its preflight, before it touches the source, when either environment's profile
 * says {@code rehearse} (default: on a protected environment): the pending migrations, each applied, undone and
 * applied again in a throwaway database ({@link RehearsePending}: the rehearsal of {@code migrate:test-rollback}).
 */
@FunctionalInterface
public interface PendingRehearsal {
    /**
     * Rehearses the migrations pending on {@code target}.
     *
     * @return the step's line in the report
     * @throws dev.dbmigrate.error.MigrateException when a migration fails its round trip (the promotion stops, nothing
     *                                              changed)
     */
    String rehearse(MigrateSettings source, MigrateSettings target, MigrateListener listener);
}
