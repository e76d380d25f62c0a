package dev.dbmigrate.error;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Each kind of failure keeps its CLI exit code (docs/pipeline.md) and its side in Maven: the user's to fix is a BUILD
 * FAILURE ({@code MojoFailureException}), the environment's a BUILD ERROR ({@code MojoExecutionException}); the
 * goals' tests run the cases they can reach without a database.
 */
class ErrorCodeTest {
    @Test
    void everyKindHasItsExitCodeAndItsSideInMaven() {
        Map<ErrorCode, String> expected = new LinkedHashMap<>();
        expected.put(ErrorCode.CONFIGURATION, "2 user");
        expected.put(ErrorCode.CONNECTION, "3 environment");
        expected.put(ErrorCode.MIGRATION_FAILED, "4 user");
        expected.put(ErrorCode.VALIDATION, "5 user");
        expected.put(ErrorCode.REFUSED, "6 user");
        expected.put(ErrorCode.CHECK_FAILED, "7 user");
        expected.put(ErrorCode.ENVIRONMENT, "8 environment");
        expected.put(ErrorCode.INTERRUPTED, "130 environment");
        expected.put(ErrorCode.INTERNAL, "70 environment");
        Map<ErrorCode, String> actual = new LinkedHashMap<>();
        for (ErrorCode code : ErrorCode.values()) {
            actual.put(code, code.exitCode() + (code.usersToFix() ? " user" : " environment"));
        }
        assertEquals(expected, actual);
    }
}
