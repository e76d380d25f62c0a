package dev.dbmigrate.support;

import java.util.Objects;

/**
 * A password. Its {@link #toString()} never shows the value, so a secret that ends up in a log line, a report or an
 * exception message prints as {@code <masked>} instead of leaking.
 */
public final class Secret {
    /** No password given. */
    public static final Secret NONE = new Secret(null);

    private final String value;

    private Secret(String value) {
        this.value = value;
    }

    /** Wraps {@code value}; {@code null} gives {@link #NONE}. */
    public static Secret of(String value) {
        return value == null ? NONE : new Secret(value);
    }

    /** The password itself, or {@code null} when none was given. Hand it only to a driver or a child's environment. */
    public String value() {
        return value;
    }

    /** True when a password was given (an empty password counts as given). */
    public boolean isPresent() {
        return value != null;
    }

    /** {@code <masked>} when a password is present, {@code <none>} otherwise; never the value. */
    @Override
    public String toString() {
        return isPresent() ? "<masked>" : "<none>";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Secret secret && Objects.equals(value, secret.value);
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(value);
    }
}
