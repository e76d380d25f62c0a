package dev.dbmigrate.doctor;

import dev.dbmigrate.support.Masking;

/**
 * One check's result: one line of the doctor's output.
 *
 * @param name   the check's name, such as {@code connection}
 * @param status how it ended
 * @param detail what it found, one line
 * @param fix    what to do about it; {@code null} when there is nothing to do
 */
public record CheckOutcome(String name, Status status, String detail, String fix) {
    /** How a check ended. */
    public enum Status {
        /** It holds. */
        PASS,
        /** It holds, with something worth knowing; the doctor does not fail for it. */
        WARN,
        /** It does not hold: the doctor fails. */
        FAIL,
        /** It could not be checked (the connection failed) or does not apply here. */
        SKIPPED
    }

    /** Every text masked: a URL in a driver's message never shows its password. */
    public CheckOutcome {
        detail = detail == null ? null : Masking.inText(detail);
        fix = fix == null ? null : Masking.inText(fix);
    }

    static CheckOutcome pass(String name, String detail) {
        return new CheckOutcome(name, Status.PASS, detail, null);
    }

    static CheckOutcome warn(String name, String detail, String fix) {
        return new CheckOutcome(name, Status.WARN, detail, fix);
    }

    static CheckOutcome fail(String name, String detail, String fix) {
        return new CheckOutcome(name, Status.FAIL, detail, fix);
    }

    static CheckOutcome skipped(String name, String why) {
        return new CheckOutcome(name, Status.SKIPPED, why, null);
    }

    /**
     * A failure from a message of the library, which ends with its fix ({@code ...; nothing was changed (fix)}): the
     * finding as the detail and the parenthesis as the fix; {@code fallbackFix} when the message has none.
     */
    static CheckOutcome failedWith(String name, String message, String fallbackFix) {
        String marker = "; nothing was changed (";
        int at = message.lastIndexOf(marker);
        String detail = message;
        String fix = fallbackFix;
        if (at >= 0 && message.endsWith(")")) {
            detail = message.substring(0, at);
            fix = message.substring(at + marker.length(), message.length() - 1);
        }
        return new CheckOutcome(name, Status.FAIL, detail, fix);
    }
}
