package dev.dbmigrate.config;

import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads a YAML file of a profile (the profile itself, or a file of checks it includes) into maps, lists and scalars.
 * A syntax error names the line and column and never the text around it, which could hold a password.
 */
final class ProfileYaml {
    private ProfileYaml() {}

    /**
     * The document of {@code source}, with duplicate keys refused.
     *
     * @param source       the file
     * @param sourceLabel  how messages name the file, such as environments/prod.yml or verify/common.yml
     * @param profileLabel how messages name the profile the file belongs to
     * @param projectDir   the project, named when the file cannot be read
     */
    static Object parse(Path source, String sourceLabel, String profileLabel, Path projectDir) {
        String content;
        try {
            content = Files.readString(source);
        } catch (IOException e) {
            throw new MigrateException(
                    ErrorCode.CONFIGURATION,
                    "could not read " + sourceLabel + " in "
                            + projectDir + ": " + e.getMessage()
                            + " (check that it is a readable UTF-8 text file)",
                    e);
        }
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        try {
            return new Yaml(new SafeConstructor(options)).load(content);
        } catch (MarkedYAMLException e) {
            // Only the problem text and its position: the snippet SnakeYAML adds could show a password.
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String where =
                    mark == null ? "" : "line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1) + ": ";
            String problem = e.getProblem() != null ? e.getProblem() : "not valid YAML";
            throw new MigrateException(
                    ErrorCode.CONFIGURATION,
                    sourceLabel + ": " + where + problem
                            + " (fix the YAML there; quote values that contain ': ' or ' #' or start with a special "
                            + "character such as {, [, *, & or %)",
                    e);
        } catch (YAMLException e) {
            throw new MigrateException(
                    ErrorCode.CONFIGURATION, profileLabel + " is not valid YAML (" + e.getMessage() + ")", e);
        }
    }

    /** The document of {@code file} as SnakeYAML reads it by default (duplicate keys allowed, the last one winning). */
    static Object lenient(Path file) throws IOException {
        return new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(file));
    }
}
