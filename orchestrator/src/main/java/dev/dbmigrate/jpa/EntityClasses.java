package dev.dbmigrate.jpa;

import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The classes of the entity packages (and their subpackages) that Hibernate maps: those annotated {@code @Entity},
 * {@code @Embeddable}, {@code @MappedSuperclass} or {@code @Converter}, found by listing the class path's folders and
 * jars and loading each candidate, without initializing it, through the project's class loader.
 */
final class EntityClasses {
    /** The JPA annotations that make a class part of the mapping. */
    static final List<String> MAPPED = List.of(
            "jakarta.persistence.Entity",
            "jakarta.persistence.Embeddable",
            "jakarta.persistence.MappedSuperclass",
            "jakarta.persistence.Converter");

    private EntityClasses() {}

    /**
     * The mapped classes of {@code packages} on {@code classpath}, by name.
     *
     * @throws MigrateException (configuration) when a class of the packages cannot be loaded
     */
    static List<Class<?>> find(List<Path> classpath, List<String> packages, ClassLoader loader) {
        List<Class<? extends Annotation>> mapped = annotations(loader, classpath);
        List<Class<?>> found = new ArrayList<>();
        for (String name : classNames(classpath, packages)) {
            Class<?> type = load(name, loader, packages);
            if (mapped.stream().anyMatch(type::isAnnotationPresent)) {
                found.add(type);
            }
        }
        return found;
    }

    /** The names of the classes under the packages, in every folder and jar of the class path, sorted. */
    static TreeSet<String> classNames(List<Path> classpath, List<String> packages) {
        TreeSet<String> names = new TreeSet<>();
        for (Path entry : classpath) {
            if (Files.isDirectory(entry)) {
                names.addAll(inFolder(entry, packages));
            } else if (Files.isRegularFile(entry)
                    && entry.getFileName().toString().endsWith(".jar")) {
                names.addAll(inJar(entry, packages));
            }
        }
        return names;
    }

    private static List<String> inFolder(Path folder, List<String> packages) {
        List<String> names = new ArrayList<>();
        for (String pkg : packages) {
            Path dir = folder.resolve(pkg.replace('.', '/'));
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(dir)) {
                files.map(f -> folder.relativize(f)
                                .toString()
                                .replace(f.getFileSystem().getSeparator(), "/"))
                        .map(EntityClasses::className)
                        .flatMap(List::stream)
                        .forEach(names::add);
            } catch (IOException e) {
                throw unreadable(dir, e);
            }
        }
        return names;
    }

    private static List<String> inJar(Path jar, List<String> packages) {
        try (JarFile file = new JarFile(jar.toFile())) {
            return file.stream()
                    .map(e -> e.getName())
                    .filter(n -> packages.stream().anyMatch(p -> n.startsWith(p.replace('.', '/') + "/")))
                    .map(EntityClasses::className)
                    .flatMap(List::stream)
                    .toList();
        } catch (IOException e) {
            throw unreadable(jar, e);
        }
    }

    /** The class name of a {@code .class} entry, or nothing for other files and the package and module infos. */
    private static List<String> className(String path) {
        if (!path.endsWith(".class") || path.endsWith("package-info.class") || path.endsWith("module-info.class")) {
            return List.of();
        }
        return List.of(path.substring(0, path.length() - ".class".length()).replace('/', '.'));
    }

    private static Class<?> load(String name, ClassLoader loader, List<String> packages) {
        try {
            return Class.forName(name, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new MigrateException(
                    ErrorCode.CONFIGURATION,
                    "schemaSource=jpa: the class " + name + " of the entity packages " + String.join(", ", packages)
                            + " cannot be loaded (" + e.getClass().getSimpleName() + ": " + e.getMessage()
                            + "); nothing was written (compile the project with the JDK"
                            + " that runs the build, or check that its dependencies are on the class path)",
                    e);
        }
    }

    private static MigrateException unreadable(Path path, IOException e) {
        return new MigrateException(
                ErrorCode.ENVIRONMENT,
                "schemaSource=jpa: cannot read " + path + " of the project's class path (" + e.getMessage()
                        + "); nothing was written (check that the build finished and the file is readable)",
                e);
    }

    @SuppressWarnings("unchecked")
    private static List<Class<? extends Annotation>> annotations(ClassLoader loader, List<Path> classpath) {
        List<Class<? extends Annotation>> types = new ArrayList<>();
        for (String name : MAPPED) {
            try {
                types.add((Class<? extends Annotation>) Class.forName(name, false, loader));
            } catch (ClassNotFoundException e) {
                throw JpaSchema.hibernateMissing(name, classpath);
            }
        }
        return types;
    }
}
