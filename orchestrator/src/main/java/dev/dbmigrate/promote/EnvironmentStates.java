package dev.dbmigrate.promote;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What has happened to each environment of a promotion so far, one line each, in pipeline order. */
final class EnvironmentStates {
    private final Map<String, String> states = new LinkedHashMap<>();

    EnvironmentStates(String source, String target) {
        states.put(source, "not touched");
        states.put(target, "not touched");
    }

    void set(String environment, String state) {
        states.put(environment, state);
    }

    String get(String environment) {
        return states.get(environment);
    }

    /** Whether the run left {@code environment} as it found it. */
    boolean untouched(String environment) {
        String state = states.get(environment);
        return state != null && (state.startsWith("not touched") || state.equals("not changed"));
    }

    /** {@code staging promoted ...; prod not touched}: for the message a stopped promotion ends with. */
    String describe() {
        List<String> parts = new ArrayList<>();
        states.forEach((env, state) -> parts.add(env + " " + state));
        return String.join("; ", parts);
    }

    /** The states as the report shows them. */
    Map<String, String> snapshot() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(states));
    }

    /** A version as states and messages show it: {@code <none>} before the first migration. */
    static String display(String version) {
        return version == null ? "<none>" : version;
    }
}
