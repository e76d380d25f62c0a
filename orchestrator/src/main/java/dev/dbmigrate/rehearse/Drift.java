package dev.dbmigrate.rehearse;

import java.util.List;
import java.util.stream.Stream;

/**
 * What a drift check found on one environment: where its history and the migration files disagree (an applied file
 * gone or edited), and how its schema differs from what its applied migrations build.
 *
 * @param environment    the environment checked
 * @param appliedVersion the version its history records, or {@code null} when nothing is applied
 * @param history        each disagreement between its history and the files, one line each, with its fix
 * @param comparison     what the applied migrations build ({@code migrations}) compared with the live schema
 */
public record Drift(String environment, String appliedVersion, List<String> history, Comparison comparison) {
    public Drift {
        history = List.copyOf(history);
    }

    /** Whether the environment has drifted: a disagreement with the files, or a difference in its schema. */
    public boolean drifted() {
        return !history.isEmpty() || !comparison.equal();
    }

    /** How many things differ: the history's disagreements and the schema's differences. */
    public int count() {
        return history.size() + comparison.differences().size();
    }

    /** Every finding on its line: the history's disagreements first, then the schema's differences. */
    public List<String> lines() {
        return Stream.concat(history.stream(), comparison.lines().stream()).toList();
    }
}
