package dev.dbmigrate.promote;

import dev.dbmigrate.config.MigrateSettings;
import dev.dbmigrate.events.MigrateListener;

/**
 * The rehearsal a promotion runs after its preflight, before it touches the source, when either environment's profile
 * says {@code rehearse} (default: on a protected environment): the pending migrations, each applied, undone and
 * applied again in a throwaway database. The rehearsal itself ({@code migrate:test-rollback}) plugs in here.
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

    /** No rehearsal is part of this build: the step says so and passes. */
    PendingRehearsal NOT_CONNECTED =
            (source, target, listener) -> "not rehearsed: this build has no rehearsal (migrate:test-rollback)";
}
