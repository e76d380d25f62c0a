package dev.dbmigrate.flyway;

import dev.dbmigrate.flyway.FlywayGateway.AppliedMigration;
import dev.dbmigrate.process.Interruption;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.function.BiConsumer;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;

/** Times each migration from Flyway's before-each to after-each events, bookkeeping included. */
final class TimingCallback implements Callback {
    private final List<AppliedMigration> applied;
    private final BiConsumer<AppliedMigration, Connection> each;
    private long started;
    private org.flywaydb.core.api.MigrationInfo current;

    TimingCallback(List<AppliedMigration> applied, BiConsumer<AppliedMigration, Connection> each) {
        this.applied = applied;
        this.each = each;
    }

    @Override
    public boolean supports(Event event, Context context) {
        return event == Event.BEFORE_EACH_MIGRATE
                || event == Event.AFTER_EACH_MIGRATE
                || event == Event.AFTER_EACH_MIGRATE_ERROR;
    }

    @Override
    public boolean canHandleInTransaction(Event event, Context context) {
        return true;
    }

    @Override
    public void handle(Event event, Context context) {
        if (event == Event.BEFORE_EACH_MIGRATE) {
            if (Interruption.requested()) {
                Interruption.noticed();
                throw new FlywayException("the run was interrupted (SIGINT or SIGTERM) before "
                        + context.getMigrationInfo().getScript() + " started");
            }
            Interruption.track(context.getConnection()); // an interruption cancels the migration's statement
            started = System.nanoTime();
            current = context.getMigrationInfo();
            return;
        }
        org.flywaydb.core.api.MigrationInfo info = context.getMigrationInfo();
        if (event == Event.AFTER_EACH_MIGRATE) {
            AppliedMigration done = new AppliedMigration(
                    info.getVersion() == null ? null : info.getVersion().getVersion(),
                    info.getDescription(),
                    info.getScript(),
                    Duration.ofNanos(System.nanoTime() - started),
                    true);
            applied.add(done);
            // the migration's own connection: in its transaction when it has one
            each.accept(done, context.getConnection());
            current = null;
        }
    }

    AppliedMigration current() {
        if (current == null) {
            return null;
        }
        return new AppliedMigration(
                current.getVersion() == null ? null : current.getVersion().getVersion(),
                current.getDescription(),
                current.getScript(),
                Duration.ofNanos(System.nanoTime() - started),
                false);
    }

    @Override
    public String getCallbackName() {
        return "migrate-timing";
    }
}
