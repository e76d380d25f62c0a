package dev.dbmigrate.change;

import java.util.List;

/**
 * What the planner may do: write destructive changes as statements ({@code allowDestructive}) instead of commented
 * out, and the renames the user confirmed ({@code -Dmigrate.rename=table.old:new}).
 */
public record ChangeOptions(boolean allowDestructive, List<Rename> renames) {
    public ChangeOptions {
        renames = List.copyOf(renames);
    }

    /** No destructive changes, no renames. */
    public static ChangeOptions defaults() {
        return new ChangeOptions(false, List.of());
    }
}
