package dev.dbmigrate.app;

import dev.dbmigrate.config.MigrateSettings;
import dev.dbmigrate.config.MigrateSettings.OutputFormat;
import dev.dbmigrate.doctor.Doctor;
import dev.dbmigrate.doctor.DoctorReport;
import dev.dbmigrate.events.MigrateListener;
import dev.dbmigrate.report.DoctorOutput;
import java.util.EnumSet;
import java.util.Set;

/**
 * The {@code doctor} goal as the front ends run it: every preflight check on the environment, one line each in the log
 * (or the whole report in {@code -Dmigrate.output}), and a failure naming each failed check after all were printed.
 */
public final class DoctorCommand {
    /** The formats doctor writes. */
    private static final Set<OutputFormat> FORMATS = EnumSet.of(OutputFormat.TEXT, OutputFormat.JSON);

    private DoctorCommand() {}

    /**
     * Runs the doctor on the environment {@code settings} describe and prints its report; throws when a check failed
     * (warnings do not fail it). Changes nothing.
     */
    public static DoctorReport run(MigrateSettings settings, MigrateListener listener) {
        OutputFormat format = settings.options().format("doctor", FORMATS);
        DoctorReport report = Doctor.run(settings, listener);
        SchemaCommands.report(settings, DoctorOutput.render(report, format), DoctorOutput.headline(report), listener);
        if (!report.healthy()) {
            throw Doctor.failure(report, settings);
        }
        return report;
    }
}
