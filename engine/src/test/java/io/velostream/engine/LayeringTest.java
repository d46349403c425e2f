package io.velostream.engine;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The layers of the SQL engine point one way: {@code record} at the bottom, {@code function} on
 * it, {@code exec} on both, {@code sql} (ast, parse, compile, plan) on top; and no two of their
 * packages depend on each other. A dependency is any fully qualified name of an engine class in a
 * source file (imports, and names written out in code or javadoc).
 */
class LayeringTest {
    private static final Path SOURCES = Path.of("src/main/java/io/velostream/engine");
    private static final Pattern REFERENCE = Pattern.compile("io\\.velostream\\.engine\\.([a-z][\\w.]*?)\\.[A-Z]");
    /** Package (relative to io.velostream.engine) → the other engine packages its sources name. */
    private static final Map<String, Set<String>> DEPENDENCIES = new TreeMap<>();

    @BeforeAll
    static void readSources() throws IOException {
        assertThat(SOURCES).isDirectory();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            files.filter(f -> f.toString().endsWith(".java")).forEach(f -> {
                String pkg = SOURCES.relativize(f.getParent()).toString().replace('/', '.');
                Set<String> uses = DEPENDENCIES.computeIfAbsent(pkg, p -> new TreeSet<>());
                Matcher m = REFERENCE.matcher(read(f));
                while (m.find()) {
                    if (!m.group(1).equals(pkg)) {
                        uses.add(m.group(1));
                    }
                }
            });
        }
    }

    private static String read(Path f) {
        try {
            return Files.readString(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean in(String pkg, String layer) {
        return pkg.equals(layer) || pkg.startsWith(layer + ".");
    }

    /** The dependencies from the packages of {@code layer} onto packages that {@code target} accepts. */
    private static List<String> edges(String layer, Predicate<String> target) {
        List<String> out = new ArrayList<>();
        DEPENDENCIES.forEach((pkg, uses) -> {
            if (in(pkg, layer)) {
                uses.stream().filter(target).forEach(u -> out.add(pkg + " -> " + u));
            }
        });
        return out;
    }

    /** The dependencies of the packages of {@code layer} that are in none of {@code allowed}. */
    private static List<String> violations(String layer, String... allowed) {
        return edges(layer, u -> Stream.of(allowed).noneMatch(a -> in(u, a)));
    }

    @Test
    void recordDependsOnNothingElse() {
        assertThat(violations("record", "record")).isEmpty();
    }

    @Test
    void functionDependsOnlyOnRecord() {
        assertThat(violations("function", "function", "record")).isEmpty();
    }

    /** exec → io (the table loader and writer) is not checked here: they are moving out of exec. */
    @Test
    void execNeverNamesTheSqlFrontEnd() {
        assertThat(edges("exec", u -> in(u, "sql"))).isEmpty();
    }

    @Test
    void sqlDependsOnlyOnTheLayersBelow() {
        assertThat(violations("sql", "sql", "exec", "function", "record")).isEmpty();
    }

    @Test
    void noPackageCycleInRecordFunctionExecOrSql() {
        List<String> cycles = new ArrayList<>();
        for (String pkg : DEPENDENCIES.keySet()) {
            if (Stream.of("record", "function", "exec", "sql").anyMatch(l -> in(pkg, l)) && reaches(pkg, pkg)) {
                cycles.add(pkg);
            }
        }
        assertThat(cycles).as("packages on a dependency cycle").isEmpty();
    }

    /** True when a path of one or more dependencies leads from {@code from} to {@code to}. */
    private static boolean reaches(String from, String to) {
        Set<String> seen = new TreeSet<>();
        Deque<String> todo = new ArrayDeque<>(DEPENDENCIES.getOrDefault(from, Set.of()));
        while (!todo.isEmpty()) {
            String p = todo.pop();
            if (p.equals(to)) {
                return true;
            }
            if (seen.add(p)) {
                todo.addAll(DEPENDENCIES.getOrDefault(p, Set.of()));
            }
        }
        return false;
    }
}
