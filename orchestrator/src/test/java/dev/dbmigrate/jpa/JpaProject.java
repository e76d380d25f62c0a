package dev.dbmigrate.jpa;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * The class path of a JPA project, as a build would hand it to {@link JpaSchema}: the project's compiled classes first
 * (the example entities of {@code src/test/jpa-example}, compiled here into a folder of their own), then its
 * dependencies (this test's class path, which holds {@code hibernate-core} and the JPA API it brings).
 */
final class JpaProject {
    /** The example entities' sources: {@code com.example.shop} (a shop) and {@code com.example.broken}. */
    static final Path EXAMPLE = Path.of("src/test/jpa-example");

    /** A stand-in for Spring Boot's implicit naming strategy, whose presence means Spring Boot's naming. */
    static final Path SPRING = Path.of("src/test/jpa-spring");

    private JpaProject() {}

    /** This JVM's class path: the test's dependencies, Hibernate among them. */
    static List<Path> dependencies() {
        return Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.isBlank())
                .map(Path::of)
                .toList();
    }

    /** The compiled example entities, the Spring stand-in's classes when given, then the dependencies. */
    static List<Path> classpath(Path classes, Path springClasses) {
        List<Path> classpath = new ArrayList<>();
        classpath.add(classes);
        if (springClasses != null) {
            classpath.add(springClasses);
        }
        classpath.addAll(dependencies());
        return classpath;
    }

    /** Compiles the Java sources under {@code sources} into {@code output} against this JVM's class path. */
    static Path compile(Path sources, Path output) throws IOException {
        List<String> files;
        try (Stream<Path> walk = Files.walk(sources)) {
            files = walk.filter(p -> p.toString().endsWith(".java"))
                    .map(Path::toString)
                    .toList();
        }
        Files.createDirectories(output);
        List<String> arguments = new ArrayList<>(List.of(
                "-d",
                output.toString(),
                "-classpath",
                System.getProperty("java.class.path"),
                "--release",
                "17",
                "-proc:none"));
        arguments.addAll(files);
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int exit = compiler.run(null, errors, errors, arguments.toArray(String[]::new));
        if (exit != 0) {
            throw new IllegalStateException("javac failed on " + sources + " (exit " + exit + "):\n" + errors);
        }
        return output;
    }
}
