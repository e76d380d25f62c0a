package dev.dbmigrate.maven;

import org.apache.maven.plugins.annotations.Mojo;

/**
 * Runs the environment's verification queries ({@code verify:} in its profile) in a READ ONLY transaction with a
 * statement timeout, prints each result and duration, and fails when an expectation or a time budget is missed. Also
 * prints the database size, table sizes and index usage (the seed's Monitoring section).
 */
@Mojo(name = "verify", threadSafe = true, requiresProject = true)
public final class VerifyMojo extends DatabaseMojo {
    /** The {@code verify} goal. */
    public VerifyMojo() {
        super("verify");
    }
}
