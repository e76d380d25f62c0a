package dev.dbmigrate.history;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Flyway's version rules ({@code MigrationVersion} in Flyway 13), for the versions in file names
 * ({@code V1_01__x.sql}) and in the history table's {@code version} column: parts separated by {@code .} or
 * {@code _}, compared as numbers part by part, a missing part counting as 0. So {@code 1_1} equals {@code 1.1},
 * {@code 1.01} equals {@code 1.1}, {@code 1.0} equals {@code 1}, and {@code 10} comes after {@code 9}. Plain
 * character work: this runs for every file and in every version comparison.
 */
public final class Versions {
    /** Flyway's order of versions. */
    public static final Comparator<String> ORDER = Versions::compare;

    private Versions() {}

    /**
     * The version as the history table records it and Flyway shows it: the file name's version with {@code _} as
     * {@code .}, leading zeros kept ({@code 1_01} is {@code 1.01}).
     */
    public static String recorded(String fileVersion) {
        return fileVersion.replace('_', '.');
    }

    /**
     * The version's key for equality ({@code 1_01.0} is {@code 1.1}): leading zeros and trailing {@code .0} parts
     * dropped, {@code _} as {@code .}.
     *
     * @throws NumberFormatException when {@code version} is not digits separated by {@code .} or {@code _}
     */
    public static String normalize(String version) {
        List<String> parts = new ArrayList<>();
        int n = version.length();
        int i = 0;
        while (true) {
            int end = i;
            while (end < n && version.charAt(end) != '.' && version.charAt(end) != '_') {
                if (version.charAt(end) < '0' || version.charAt(end) > '9') {
                    throw new NumberFormatException("not a version: " + version);
                }
                end++;
            }
            if (end == i) {
                throw new NumberFormatException("not a version: " + version);
            }
            int digits = i;
            while (digits < end - 1 && version.charAt(digits) == '0') {
                digits++;
            }
            parts.add(version.substring(digits, end));
            if (end == n) {
                break;
            }
            i = end + 1;
        }
        int last = parts.size();
        while (last > 1 && parts.get(last - 1).equals("0")) {
            last--;
        }
        return String.join(".", parts.subList(0, last));
    }

    /** Compares two versions numerically, part by part (a missing part counts as 0). */
    public static int compare(String a, String b) {
        String x = normalize(a);
        String y = normalize(b);
        int i = 0;
        int j = 0;
        while (i < x.length() || j < y.length()) {
            int ie = x.indexOf('.', i);
            int je = y.indexOf('.', j);
            ie = ie < 0 ? x.length() : ie;
            je = je < 0 ? y.length() : je;
            String p = i < x.length() ? x.substring(i, ie) : "0";
            String q = j < y.length() ? y.substring(j, je) : "0";
            int c = p.length() != q.length() ? Integer.compare(p.length(), q.length()) : p.compareTo(q);
            if (c != 0) {
                return c;
            }
            i = ie + 1;
            j = je + 1;
        }
        return 0;
    }
}
