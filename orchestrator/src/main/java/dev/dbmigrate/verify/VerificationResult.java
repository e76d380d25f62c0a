package dev.dbmigrate.verify;

import java.util.List;

/**
 * What {@link Verifier#run} found: every check's outcome and the database's statistics taken after the checks.
 * A failed check does not throw; the caller (upgrade, promote) decides what a failure means.
 *
 * @param checks the checks in the order they ran
 * @param stats  sizes and index usage of the managed schemas, taken after the checks
 */
public record VerificationResult(List<CheckResult> checks, DatabaseStats stats) {

    public VerificationResult {
        checks = List.copyOf(checks);
    }

    /** True when every check passed (also when there were none). */
    public boolean passed() {
        return checks.stream().allMatch(CheckResult::passed);
    }

    /** The checks that failed, in the order they ran. */
    public List<CheckResult> failures() {
        return checks.stream().filter(check -> !check.passed()).toList();
    }

    /** One line for the end of the run: {@code verify: 3 checks passed} or which ones failed. */
    public String summary() {
        if (checks.isEmpty()) {
            return "verify: no checks to run";
        }
        List<CheckResult> failed = failures();
        long total = checks.stream().mapToLong(CheckResult::durationMs).sum();
        if (failed.isEmpty()) {
            return "verify: " + count(checks.size()) + " passed in " + total + " ms";
        }
        return "verify: " + failed.size() + " of " + count(checks.size()) + " FAILED: "
                + String.join(
                        "; ",
                        failed.stream()
                                .map(check -> "'" + check.name() + "' " + check.message())
                                .toList());
    }

    private static String count(int n) {
        return n == 1 ? "1 check" : n + " checks";
    }
}
