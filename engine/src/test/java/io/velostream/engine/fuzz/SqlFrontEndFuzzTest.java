package io.velostream.engine.fuzz;

import io.velostream.engine.app.ApplicationCompiler;
import io.velostream.engine.io.Connectors;
import io.velostream.engine.sql.SqlError;
import io.velostream.engine.sql.SqlException;
import io.velostream.engine.internal.sql.parse.SqlParser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * The SQL front end on generated text (docs/reliability.md, "Generated inputs"): every input ends
 * in a result or a {@link SqlException} whose errors each carry a line and column inside the
 * text, never another exception (a StackOverflowError included), never a hang. The entry points
 * are the parser's three and {@link ApplicationCompiler#check} as the CLI's {@code validate} calls it.
 */
class SqlFrontEndFuzzTest {
    private static final Duration BOUND = Duration.ofSeconds(10);
    private static final Pattern TOKEN = Pattern.compile(
            "'(?:[^']|'')*'|\"[^\"]*\"|--[^\\n]*|/\\*.*?\\*/|[A-Za-z_][A-Za-z_0-9]*|[0-9]+(?:\\.[0-9]+)?|\\s+|\\|\\||<>|<=|>=|.",
            Pattern.DOTALL);
    /** Tokens that are not in the corpus, or that are likely to break what is around them. */
    private static final List<String> ODD = List.of("(", ")", ",", ";", "'", "\"", "[", "]", ".", "*", "-", "+",
            "/", "%", "||", "~", "=", "<>", "?", "@", "$", "#", "\\", "`", ":", "::", "/*", "*/", "--", "\n", "\r",
            "\t", "\u0000", "\uD800", "\uDC00", "\u202E", "\u200B", "\uFEFF", "\u2028", "😀", "𝔘𝔫𝔦", "Ωμέγα", "ﷺ",
            "SELECT", "FROM", "WHERE", "GROUP BY", "HAVING", "ORDER BY", "LIMIT", "JOIN", "ON", "AS", "CASE", "WHEN",
            "THEN", "ELSE", "END", "NULL", "NOT", "AND", "OR", "IN", "BETWEEN", "LIKE", "IS", "CAST(", "AS DECIMAL(40, 39)",
            "AS INTEGER)", "EXTRACT(", "EXISTS", "INTERVAL", "WINDOW TUMBLING(", "WINDOW SLIDING(", "WINDOW SESSION(",
            "EMIT CHANGES", "EMIT FINAL", "OVER (", "PARTITION BY", "ROWS BETWEEN", "UNBOUNDED PRECEDING",
            "PRIMARY KEY", "INTO", "WITH (", "CREATE STREAM", "CREATE TABLE", "INSERT INTO", "UNION ALL", "DISTINCT",
            "COUNT(*)", "SUM(", "AVG(", "MIN(", "MAX(", "0", "-1", "9223372036854775808", "99999999999999999999999999999",
            "1e999", "1.5e-400", "0.0000000000000000000000000000000000001", "1.", ".5", "1e", "0x1F", "1m", "5s", "0s",
            "-5m", "999999999999d", "TRUE", "FALSE", "''", "'\u0000'", "'😀'", "\"\"", "\"a\"\"b\"",
            "-- @name: x\n", "-- @name:\n", "-- @batch_size: -1\n", "-- @job_mode: bogus\n", "-- @metric: m\n");

    @TempDir
    static Path dir;
    private static final List<Input> corpus = new ArrayList<>();
    private static ApplicationCompiler builtins;
    private static ApplicationCompiler noKafka;

    /** A text and the folder its relative paths resolve against. */
    record Input(String text, Path baseDir) {
    }

    @BeforeAll
    static void corpus() throws IOException {
        builtins = ApplicationCompiler.withBuiltins();
        noKafka = ApplicationCompiler.withBuiltins(Connectors.builtIn());
        Path docsDir = dir.resolve("docs");
        Files.createDirectories(docsDir);
        for (String name : List.of("orders.csv", "in.csv", "transactions.csv", "trades.csv", "sales.csv")) {
            Files.writeString(docsDir.resolve(name), "id,category,amount,region,status,ts,customer,symbol,price\n"
                    + "1,a,10.5,EU,ok,2024-01-01T00:00:00Z,c1,X,1.5\n2,b,-3,US,cancelled,2024-01-01T00:00:01Z,c2,Y,2\n");
        }
        Pattern block = Pattern.compile("```[a-z]*\\n(.*?)```", Pattern.DOTALL);
        try (Stream<Path> docs = Files.list(Path.of("..", "docs"))) {
            for (Path md : docs.filter(p -> p.toString().endsWith(".md")).sorted().toList()) {
                Matcher m = block.matcher(Files.readString(md));
                while (m.find()) {
                    String code = m.group(1);
                    if (code.matches("(?is).*\\b(SELECT|CREATE|INSERT)\\b.*")) {
                        corpus.add(new Input(code, docsDir));
                    }
                }
            }
        }
        copyApps(Path.of("..", "examples"), "examples");
        copyApps(Path.of("src", "test", "resources", "golden"), "golden");
        if (corpus.size() < 20) {
            fail("expected the SQL of docs/, examples/ and the golden tests, found " + corpus.size() + " texts");
        }
    }

    /** Each {@code .sql} under {@code root}, its folder copied to the temp dir so its sources exist there. */
    private static void copyApps(Path root, String as) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path sql : files.filter(p -> p.toString().endsWith(".sql")).sorted().toList()) {
                Path from = sql.getParent();
                Path to = dir.resolve(as).resolve(root.relativize(from).toString());
                try (Stream<Path> all = Files.walk(from)) {
                    for (Path p : all.toList()) {
                        Path target = to.resolve(from.relativize(p).toString());
                        if (Files.isDirectory(p)) {
                            Files.createDirectories(target);
                        } else if (!Files.exists(target)) {
                            Files.copy(p, target);
                        }
                    }
                }
                corpus.add(new Input(Files.readString(sql), to));
            }
        }
    }

    // ---- the property ----

    /** Every entry point on {@code text}: a result or positioned diagnostics, within the bound. */
    static void assertResultOrPositioned(long seed, Input input) {
        String text = input.text();
        check(seed, text, "parseApplication", t -> SqlParser.parseApplication(t, "fuzz.sql"));
        check(seed, text, "parseStatement", SqlParser::parseStatement);
        check(seed, text, "parseExpression", SqlParser::parseExpression);
        // Kafka endpoints would try to reach a broker: text that names Kafka goes to a compiler without it.
        ApplicationCompiler compiler = text.toLowerCase().contains("kafka") ? noKafka : builtins;
        check(seed, text, "check", t -> compiler.check(t, new ApplicationCompiler.Options(input.baseDir(), "fuzz.sql",
                Map.of())));
        check(seed, text, "check (default endpoint types)", t -> compiler.check(t, new ApplicationCompiler.Options(
                input.baseDir(), null, Map.of(), Map.of(), "file_source", "stdout")));
    }

    static void check(long seed, String text, String entry, Function<String, Object> call) {
        Fuzz.bounded(BOUND, seed, entry + ": " + text, () -> {
            try {
                call.apply(text);
            } catch (SqlException e) {
                assertPositioned(seed, entry, text, e);
            } catch (Throwable t) {
                fail(entry + " threw " + Fuzz.describe(t) + " instead of a SqlException (seed " + seed + ") on input: "
                        + Fuzz.abbreviate(text));
            }
            return null;
        });
    }

    static void assertPositioned(long seed, String entry, String text, SqlException e) {
        String[] lines = text.split("\n", -1);
        if (e.errors().isEmpty()) {
            fail(entry + ": a SqlException without errors (seed " + seed + ") on input: " + Fuzz.abbreviate(text));
        }
        for (SqlError error : e.errors()) {
            boolean lineOk = error.line() >= 1 && error.line() <= lines.length;
            if (!lineOk || error.column() < 1 || error.column() > lines[error.line() - 1].length() + 1) {
                fail(entry + ": error '" + error + "' is not at a line and column inside the text (" + lines.length
                        + " lines; seed " + seed + ") on input: " + Fuzz.abbreviate(text));
            }
            if (error.message() == null || error.message().isBlank()) {
                fail(entry + ": an error without a message at " + error.line() + ":" + error.column());
            }
        }
    }

    // ---- the generators ----

    static List<String> tokens(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = TOKEN.matcher(text);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    static String mutate(Random r, String text) {
        List<String> t = tokens(text);
        int edits = 1 + r.nextInt(4);
        for (int e = 0; e < edits && !t.isEmpty(); e++) {
            int i = r.nextInt(t.size());
            switch (r.nextInt(7)) {
                case 0 -> t.remove(i);
                case 1 -> t.add(i, t.get(i));
                case 2 -> {
                    int j = r.nextInt(t.size());
                    String a = t.get(i);
                    t.set(i, t.get(j));
                    t.set(j, a);
                }
                case 3 -> t.subList(i, t.size()).clear();
                case 4 -> t.add(i, ODD.get(r.nextInt(ODD.size())));
                case 5 -> t.add(i, " " + ODD.get(r.nextInt(ODD.size())) + " ");
                default -> t.set(i, t.get(r.nextInt(t.size())));
            }
        }
        return String.join("", t);
    }

    static String randomTokens(Random r, List<String> vocabulary) {
        int n = 1 + r.nextInt(40);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append(r.nextInt(3) == 0 ? ODD.get(r.nextInt(ODD.size())) : vocabulary.get(r.nextInt(vocabulary.size())));
            b.append(r.nextInt(4) == 0 ? "" : " ");
        }
        return b.toString();
    }

    /** Deep nesting of each kind, as an expression in a query over a file source. */
    static List<String> deep(int d) {
        List<String> exprs = new ArrayList<>();
        exprs.add("(".repeat(d) + "1" + ")".repeat(d));
        exprs.add("CASE WHEN TRUE THEN ".repeat(d) + "1" + " END".repeat(d));
        exprs.add("ABS(".repeat(d) + "amount" + ")".repeat(d));
        exprs.add("COALESCE(".repeat(d) + "amount" + ", 1)".repeat(d));
        exprs.add("NOT ".repeat(d) + "TRUE");
        exprs.add("- ".repeat(d) + "1");
        exprs.add("1" + " + 1".repeat(d));
        exprs.add("amount" + " * 2 - 1".repeat(d));
        exprs.add("'a'" + " || 'b'".repeat(d));
        exprs.add("TRUE" + " AND amount > 0".repeat(d));
        exprs.add("FALSE" + " OR amount > 0".repeat(d));
        exprs.add("CAST(".repeat(d) + "amount" + " AS STRING)".repeat(d));
        exprs.add("ARRAY[".repeat(d) + "1" + "]".repeat(d));
        exprs.add("amount" + "[0]".repeat(d));
        exprs.add("amount" + ".x".repeat(d));
        exprs.add("amount IN (" + "1, ".repeat(d) + "2)");
        exprs.add("(".repeat(d));
        exprs.add(")".repeat(d));
        exprs.add("CASE ".repeat(d));
        List<String> out = new ArrayList<>();
        for (String e : exprs) {
            out.add("SELECT " + e + " AS x FROM orders WITH ('orders.type' = 'file_source', 'orders.path' = 'orders.csv')");
        }
        out.add("SELECT * FROM " + "(SELECT * FROM ".repeat(d) + "orders" + ")".repeat(d)
                + " WITH ('orders.type' = 'file_source', 'orders.path' = 'orders.csv')");
        out.add("SELECT id FROM orders WHERE id IN " + "(SELECT id FROM orders WHERE id IN ".repeat(d) + "(1)" + ")".repeat(d)
                + " WITH ('orders.type' = 'file_source', 'orders.path' = 'orders.csv')");
        out.add("SELECT id FROM orders" + " UNION ALL SELECT id FROM orders".repeat(d)
                + " WITH ('orders.type' = 'file_source', 'orders.path' = 'orders.csv')");
        return out;
    }

    static List<String> huge(Random r) {
        String q = "SELECT %s AS x FROM orders WITH ('orders.type' = 'file_source', 'orders.path' = 'orders.csv')";
        StringBuilder digits = new StringBuilder("9");
        for (int i = 0; i < 100_000; i++) {
            digits.append((char) ('0' + r.nextInt(10)));
        }
        String mb = "x".repeat(1 << 20);
        return List.of(q.formatted(digits), q.formatted("-" + digits), q.formatted("0." + digits),
                q.formatted(digits + "." + digits), q.formatted(digits + "e" + digits), q.formatted("1e" + digits),
                q.formatted("'" + mb + "'"), q.formatted("'" + "''".repeat(1 << 18) + "'"),
                q.formatted("\"" + mb + "\""), q.formatted(mb), q.formatted("CAST('" + digits + "' AS INTEGER)"),
                q.formatted("CAST('" + digits + "' AS DECIMAL)"), q.formatted("CAST(1 AS DECIMAL(" + digits + ", 2))"),
                q.formatted("CAST(1 AS DECIMAL(2147483648, 1))"), q.formatted("CAST(1 AS DECIMAL(38, 2147483647))"),
                q.formatted("INTERVAL '" + digits + "' SECOND"), q.formatted("amount") + " -- " + mb,
                "/* " + mb + " */ " + q.formatted("amount"), "/* " + mb, "'" + mb, "-- @name: " + mb + "\n"
                        + q.formatted("1"),
                "SELECT amount FROM orders WINDOW TUMBLING(" + digits + "s) WITH ('orders.type' = 'file_source', "
                        + "'orders.path' = 'orders.csv')",
                "SELECT amount FROM orders LIMIT " + digits
                        + " WITH ('orders.type' = 'file_source', 'orders.path' = 'orders.csv')",
                "SELECT " + "amount, ".repeat(20_000) + "1 AS x FROM orders WITH ('orders.type' = 'file_source', "
                        + "'orders.path' = 'orders.csv')",
                "SELECT 1 AS x FROM orders;".repeat(300), ";".repeat(100_000));
    }

    static List<String> unicode(Random r) {
        String[] odd = {"😀", "\uD83D", "\uDE00", "\u0000", "\u202E", "\u200F", "\u0301", "\uFEFF", "\u2028", "\r",
                "\uFFFF", "\uFFFE", "𝔘", "ß", "İ", "ı", "Ω", "中文", "\u00A0", "\u3000", "\u000B", "\u001B"};
        List<String> out = new ArrayList<>();
        String q = "SELECT %s AS %s FROM %s WHERE %s = '%s' WITH ('orders.type' = 'file_source', 'orders.path' = 'orders.csv')";
        for (int i = 0; i < Fuzz.count(30); i++) {
            String a = odd[r.nextInt(odd.length)];
            String b = odd[r.nextInt(odd.length)];
            out.add(q.formatted("amount" + a, "x" + b, r.nextBoolean() ? "orders" : "ord" + a + "ers",
                    "\"" + b + "\"", a + b));
            out.add(q.formatted("'" + a + "'", "\"" + b + a + "\"", "orders", "category", b));
            out.add(a + q.formatted("amount", "x", "orders", "id", "1").replace(" ", r.nextBoolean() ? b : " "));
        }
        out.add("\uFEFFSELECT 1 AS x FROM orders WITH ('orders.type' = 'file_source', 'orders.path' = 'orders.csv')");
        out.add("SELECT 1 AS x\r\nFROM orders\rWHERE\u2028id = 1\r\n WITH ('orders.type' = 'file_source', 'orders.path' = 'orders.csv')");
        return out;
    }

    // ---- the tests ----

    private static Stream<DynamicTest> batches(String name, long seed, List<String> texts, Path baseDir) {
        List<Input> inputs = texts.stream().map(t -> new Input(t, baseDir)).toList();
        return batchesOf(name, seed, inputs);
    }

    private static Stream<DynamicTest> batchesOf(String name, long seed, List<Input> inputs) {
        int size = 50;
        List<DynamicTest> tests = new ArrayList<>();
        for (int from = 0; from < inputs.size(); from += size) {
            List<Input> batch = inputs.subList(from, Math.min(inputs.size(), from + size));
            tests.add(DynamicTest.dynamicTest(name + " #" + from + "-" + (from + batch.size() - 1) + " (seed " + seed + ")",
                    () -> batch.forEach(i -> assertResultOrPositioned(seed, i))));
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> theCorpusItself() {
        return batchesOf("corpus", 0, corpus);
    }

    @TestFactory
    Stream<DynamicTest> mutatedStatements() {
        long seed = Fuzz.seed(1301);
        Random r = new Random(seed);
        List<Input> inputs = new ArrayList<>();
        for (int i = 0; i < Fuzz.count(300); i++) {
            Input base = corpus.get(r.nextInt(corpus.size()));
            inputs.add(new Input(mutate(r, base.text()), base.baseDir()));
        }
        return batchesOf("mutated", seed, inputs);
    }

    @TestFactory
    Stream<DynamicTest> randomTokenSequences() {
        long seed = Fuzz.seed(1302);
        Random r = new Random(seed);
        List<String> vocabulary = corpus.stream().flatMap(i -> tokens(i.text()).stream())
                .filter(t -> !t.isBlank()).distinct().sorted().toList();
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < Fuzz.count(200); i++) {
            texts.add(randomTokens(r, vocabulary));
        }
        return batches("tokens", seed, texts, dir.resolve("docs"));
    }

    @TestFactory
    Stream<DynamicTest> deepNesting() {
        List<DynamicTest> tests = new ArrayList<>();
        // Every kind at 50 and 240 levels; the bracket kinds (brackets, CASE, calls, CAST, ARRAY) at 5 000 and the
        // operator chains at 990. Deeper chains, 990 unclosed brackets and 990 nested subqueries are left out to
        // bound the time: the parser takes seconds on them (ANTLR's prediction), docs/reliability.md says so.
        Map<Integer, Set<Integer>> kindsAt = Map.of(50, Set.of(), 240, Set.of(), 990,
                Set.of(4, 5, 6, 7, 8, 9, 10, 13, 14, 15, 16), 5000, Set.of(0, 1, 2, 3, 11, 12));
        for (int d : new int[] {50, 240, 990, 5000}) {
            List<String> texts = deep(d);
            for (int i = 0; i < texts.size(); i++) {
                if (!kindsAt.get(d).isEmpty() && !kindsAt.get(d).contains(i)) {
                    continue;
                }
                Input input = new Input(texts.get(i), dir.resolve("docs"));
                tests.add(DynamicTest.dynamicTest("deep " + d + " kind " + i, () -> assertResultOrPositioned(0, input)));
            }
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> hugeLiterals() {
        long seed = Fuzz.seed(1303);
        return batches("huge", seed, huge(new Random(seed)), dir.resolve("docs"));
    }

    @TestFactory
    Stream<DynamicTest> oddUnicode() {
        long seed = Fuzz.seed(1304);
        return batches("unicode", seed, unicode(new Random(seed)), dir.resolve("docs"));
    }
}
