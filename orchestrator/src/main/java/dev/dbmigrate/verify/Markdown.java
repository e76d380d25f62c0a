package dev.dbmigrate.verify;

import java.util.Locale;

/** Formatting shared by the Markdown renderings of this package. */
final class Markdown {
    private Markdown() {
    }

    /** Text safe inside a table cell: one line, pipes escaped. */
    static String cell(String text) {
        return text == null ? "" : text.replaceAll("\\s*\\R\\s*", " ").replace("|", "\\|");
    }

    /** A byte count the way {@code pg_size_pretty} prints it: {@code 8192 bytes}, {@code 16 kB}, {@code 7.6 MB}. */
    static String bytes(long bytes) {
        long abs = Math.abs(bytes);
        if (abs < 10 * 1024) {
            return bytes + " bytes";
        }
        String[] units = {"kB", "MB", "GB", "TB"};
        double value = bytes / 1024.0;
        int unit = 0;
        while (Math.abs(value) >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        String number = Math.abs(value) >= 100 ? String.format(Locale.ROOT, "%.0f", value)
                : String.format(Locale.ROOT, "%.1f", value);
        return number + " " + units[unit];
    }

    /** A signed change: {@code +16 kB}, {@code -8192 bytes}, {@code 0 bytes}. */
    static String change(long bytes) {
        return (bytes > 0 ? "+" : "") + bytes(bytes);
    }
}
