package dev.dbmigrate.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.LineMap;
import com.sun.source.tree.MethodTree;
import com.sun.source.util.JavacTask;
import com.sun.source.util.SourcePositions;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * A file does one job and a method one step (see {@code docs/architecture.md}): no main source file of the library
 * or the plugin is longer than {@value #MAX_FILE_LINES} lines, and no method or constructor longer than
 * {@value #MAX_METHOD_LINES} (from its first line to its closing brace, Javadoc not counted). The sources are parsed
 * with the JDK's own compiler, so strings, comments and lambdas cannot fool the count.
 */
class SourceShapeTest {
    static final int MAX_FILE_LINES = 400;
    static final int MAX_METHOD_LINES = 60;

    private static final List<Path> SOURCES =
            List.of(Path.of("src/main/java"), Path.of("../migrate-maven-plugin/src/main/java"));

    @Test
    void noMainSourceFileIsLongerThanTheLimit() throws IOException {
        List<String> tooLong = new ArrayList<>();
        for (Path file : javaFiles()) {
            long lines = Files.readAllLines(file, StandardCharsets.UTF_8).size();
            if (lines > MAX_FILE_LINES) {
                tooLong.add(file + ": " + lines + " lines");
            }
        }
        assertEquals(List.of(), tooLong, "files longer than " + MAX_FILE_LINES + " lines: split them by job");
    }

    @Test
    void noMethodIsLongerThanTheLimit() throws IOException {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        List<String> tooLong = new ArrayList<>();
        try (StandardJavaFileManager files = compiler.getStandardFileManager(null, null, StandardCharsets.UTF_8)) {
            Iterable<? extends JavaFileObject> units = files.getJavaFileObjectsFromPaths(javaFiles());
            JavacTask task = (JavacTask) compiler.getTask(null, files, null, List.of("-proc:none"), null, units);
            SourcePositions positions = Trees.instance(task).getSourcePositions();
            for (CompilationUnitTree unit : task.parse()) {
                new TreePathScanner<Void, Void>() {
                    @Override
                    public Void visitMethod(MethodTree method, Void unused) {
                        long lines = lines(unit, positions, method);
                        if (lines > MAX_METHOD_LINES) {
                            ClassTree owner =
                                    (ClassTree) getCurrentPath().getParentPath().getLeaf();
                            tooLong.add(Path.of(unit.getSourceFile().toUri()).getFileName() + " "
                                    + owner.getSimpleName() + "." + method.getName() + ": " + lines + " lines");
                        }
                        return super.visitMethod(method, unused);
                    }
                }.scan(unit, null);
            }
        }
        assertEquals(List.of(), tooLong, "methods longer than " + MAX_METHOD_LINES + " lines: split them by step");
    }

    private static long lines(CompilationUnitTree unit, SourcePositions positions, MethodTree method) {
        LineMap map = unit.getLineMap();
        long start = positions.getStartPosition(unit, method);
        long end = positions.getEndPosition(unit, method);
        if (start < 0 || end < 0) {
            return 0;
        }
        return map.getLineNumber(end) - map.getLineNumber(start) + 1;
    }

    private static List<Path> javaFiles() throws IOException {
        List<Path> all = new ArrayList<>();
        for (Path root : SOURCES) {
            try (Stream<Path> walk = Files.walk(root)) {
                walk.filter(p -> p.toString().endsWith(".java")).sorted().forEach(all::add);
            }
        }
        return all;
    }
}
