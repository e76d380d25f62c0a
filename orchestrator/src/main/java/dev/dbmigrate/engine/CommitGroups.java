package dev.dbmigrate.engine;

import java.util.List;
import java.util.function.Predicate;

/**
 * The sizes of the groups a run of scripts is committed in: the size doubles, up to {@link #MAX}, while a group
 * commits within {@link #MILLIS}, and halves when one takes four times as long, so quick scripts share commits
 * and slow ones commit one at a time (the locks a script takes are held until its group commits).
 */
final class CommitGroups {
    static final long MILLIS = 50;
    /** The most scripts in one group (and so in one transaction). */
    static final int MAX = 64;

    private final int max;
    private int size = 1;

    /**
     * @param together whether scripts may share commits at all; when not, each commits on its own, so the locks
     *                 it takes are released as soon as it is done
     */
    CommitGroups(boolean together) {
        this.max = together ? MAX : 1;
    }

    /**
     * The end (exclusive) of the next group, which starts at {@code from}: the scripts from there that can share
     * a transaction, at most the current size; a script that cannot forms a group of its own.
     */
    <T> int end(List<T> scripts, int from, Predicate<T> groupable) {
        int end = from + 1;
        if (groupable.test(scripts.get(from))) {
            while (end < scripts.size() && end - from < size && groupable.test(scripts.get(end))) {
                end++;
            }
        }
        return end;
    }

    /** A group took {@code nanos} to commit, from its start. */
    void took(long nanos) {
        long ms = nanos / 1_000_000;
        size = ms < MILLIS ? Math.min(size * 2, max) : ms > 4 * MILLIS ? Math.max(1, size / 2) : size;
    }
}
