package dev.dbmigrate.maven;

import dev.dbmigrate.embedded.BundleResolver;
import dev.dbmigrate.embedded.PostgresBundle;
import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import java.nio.file.Path;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.project.MavenProject;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.resolution.ArtifactRequest;
import org.eclipse.aether.resolution.ArtifactResolutionException;

/**
 * Resolves the embedded server's PostgreSQL bundle through Maven's own resolver: the local repository first, else the
 * repositories the plugin itself came from (Maven Central unless the build's settings name a mirror), with the build's
 * settings, proxies, offline mode and transfer log. Asked only when an embedded server is about to start and no
 * unpacked copy is cached.
 */
final class MavenBundleResolver implements BundleResolver {
    private final RepositorySystem system;
    private final MavenSession session;
    private final MavenProject project;

    /** Reads the build's repository session and the project's plugin repositories only when asked to resolve. */
    MavenBundleResolver(RepositorySystem system, MavenSession session, MavenProject project) {
        this.system = system;
        this.session = session;
        this.project = project;
    }

    @Override
    public Path resolve(PostgresBundle bundle) {
        ArtifactRequest request = new ArtifactRequest(
                new DefaultArtifact(PostgresBundle.GROUP_ID, bundle.artifactId(), "jar", bundle.version()),
                project.getRemotePluginRepositories(),
                null);
        try {
            return system.resolveArtifact(session.getRepositorySession(), request)
                    .getArtifact()
                    .getFile()
                    .toPath();
        } catch (ArtifactResolutionException e) {
            throw new MigrateException(
                    ErrorCode.ENVIRONMENT,
                    "Maven could not resolve the PostgreSQL bundle "
                            + bundle.coordinates() + " for " + bundle.platform().label() + " ("
                            + e.getMessage().strip().replaceAll("\\.$", "") + ")",
                    e);
        }
    }
}
