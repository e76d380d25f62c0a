package dev.dbmigrate.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dbmigrate.config.MigrateSettings.OutputFormat;
import dev.dbmigrate.doctor.CheckOutcome;
import dev.dbmigrate.doctor.CheckOutcome.Status;
import dev.dbmigrate.doctor.DoctorReport;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The doctor's report as text and JSON, from one record: no database. */
class DoctorOutputTest {
    private static final DoctorReport REPORT = new DoctorReport(
            "prod",
            "jdbc:postgresql://db:5432/app",
            List.of(
                    new CheckOutcome("connection", Status.PASS, "connected as deploy; TLS on (TLSv1.3)", null),
                    new CheckOutcome(
                            "timeouts",
                            Status.FAIL,
                            "environments/prod.yml is protected but sets no lockTimeout",
                            "add lockTimeout: 5s to environments/prod.yml"),
                    new CheckOutcome(
                            "backup folder", Status.SKIPPED, "environments/prod.yml has no backup section", null)));

    @Test
    void textIsOneLinePerCheckWithTheFixUnderEachFailure() {
        assertEquals("""
                Doctor of prod (jdbc:postgresql://db:5432/app):
                [PASS] connection: connected as deploy; TLS on (TLSv1.3)
                [FAIL] timeouts: environments/prod.yml is protected but sets no lockTimeout
                    fix: add lockTimeout: 5s to environments/prod.yml
                [SKIPPED] backup folder: environments/prod.yml has no backup section
                doctor on prod: 3 checks, 1 passed, 0 warnings, 1 failed, 1 skipped
                """, DoctorOutput.render(REPORT, OutputFormat.TEXT));
    }

    @Test
    void jsonHoldsEveryCheckWithItsStatusAndFix() {
        assertEquals("""
                {
                  "environment": "prod",
                  "database": "jdbc:postgresql://db:5432/app",
                  "healthy": false,
                  "checks": [
                    {
                      "name": "connection",
                      "status": "pass",
                      "detail": "connected as deploy; TLS on (TLSv1.3)"
                    },
                    {
                      "name": "timeouts",
                      "status": "fail",
                      "detail": "environments/prod.yml is protected but sets no lockTimeout",
                      "fix": "add lockTimeout: 5s to environments/prod.yml"
                    },
                    {
                      "name": "backup folder",
                      "status": "skipped",
                      "detail": "environments/prod.yml has no backup section"
                    }
                  ]
                }
                """, DoctorOutput.render(REPORT, OutputFormat.JSON));
    }
}
