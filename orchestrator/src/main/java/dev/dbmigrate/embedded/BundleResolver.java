package dev.dbmigrate.embedded;

import java.nio.file.Path;

/**
 * How a front end supplies the jar of a PostgreSQL bundle when the embedded server is first needed and no unpacked
 * copy is cached: the Maven plugin resolves it through Maven's own resolver (the local repository, else the build's
 * remote repositories, Maven Central by default). Registered for the duration of a run with
 * {@link PostgresBinaries#resolveBundlesWith}; the CLI registers none and looks into the local Maven repository.
 */
@FunctionalInterface
public interface BundleResolver {
    /**
     * The bundle's jar file, downloaded when the repository does not hold it yet.
     *
     * @throws dev.dbmigrate.error.MigrateException when it cannot be had (offline, no repository holds it); the
     *         message says why, and the embedded server then looks for the machine's PostgreSQL
     */
    Path resolve(PostgresBundle bundle);
}
