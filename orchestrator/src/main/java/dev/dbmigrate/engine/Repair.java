package dev.dbmigrate.engine;

import java.util.List;

/** The repair command, through Flyway's repair: removes failed history entries and realigns checksums. */
final class Repair {
    private final CommandContext ctx;

    Repair(CommandContext ctx) {
        this.ctx = ctx;
    }

    /** Removes failed history entries and realigns checksums with the files, under the migration lock. */
    Results.Repair repair() {
        ctx.scanFiles("repair");
        try (MigrationLock lock = ctx.lock("repair")) {
            List<String> actions = ctx.gateway(null).repair();
            if (actions.isEmpty()) {
                ctx.listener.info("repair: the history table needed no repair");
            } else {
                actions.forEach(a -> ctx.listener.info("repair: " + a));
            }
            return new Results.Repair(actions);
        }
    }
}
