package dev.dbmigrate.maven;

import dev.dbmigrate.config.MigrateProperty;
import java.util.Map;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * The rollback rehearsal: in throwaway databases on a scratch embedded PostgreSQL, applies the migrations one at a
 * time, runs each one's undo on a copy and checks that the schema (and the rows of every table that existed before)
 * is exactly what it was before, then applies it again and checks the schema is what it was after; sample data
 * {@code D<version>__<name>.sql} is loaded after its version. Fails naming every migration whose round trip is not
 * exact. With {@code -Dmigrate.env}, only the migrations pending on that environment are rehearsed.
 */
@Mojo(name = "test-rollback", threadSafe = true, requiresProject = true)
public final class TestRollbackMojo extends MigrationsMojo {
    /** {@code text}, {@code json} or {@code junit} ({@code -Dmigrate.format}, default text). */
    @Parameter(property = "migrate.format")
    private String format;

    /** File to write the report to instead of the log ({@code -Dmigrate.output}), relative to the project. */
    @Parameter(property = "migrate.output")
    private String output;

    /**
     * Folder of the sample data files {@code D<version>__<name>.sql} ({@code -Dmigrate.sampleData}, default
     * {@code src/test/resources/db/sample-data}).
     */
    @Parameter(property = "migrate.sampleData")
    private String sampleData;

    @Override
    protected void collectGoalParameters(Map<String, String> values) {
        put(values, MigrateProperty.FORMAT, format);
        put(values, MigrateProperty.OUTPUT, output);
        put(values, MigrateProperty.SAMPLE_DATA, sampleData);
    }

    /** The {@code test-rollback} goal. */
    public TestRollbackMojo() {
        super("test-rollback");
    }
}
