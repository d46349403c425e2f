package io.velostream.engine.app;

import io.velostream.engine.internal.exec.expr.Compiled;
import io.velostream.engine.job.RowMetric;
import io.velostream.engine.record.Schema;
import io.velostream.engine.record.SqlType;
import io.velostream.engine.sql.Diagnostics;
import io.velostream.engine.sql.SqlError;
import io.velostream.engine.sql.SqlException;
import io.velostream.engine.internal.sql.ast.Expr;
import io.velostream.engine.internal.sql.ast.Position;
import io.velostream.engine.internal.sql.ast.Statement;
import io.velostream.engine.internal.sql.compile.ExpressionCompiler;
import io.velostream.engine.internal.sql.compile.Scope;
import io.velostream.engine.internal.sql.parse.SqlParser;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Compiles a statement's {@code @metric} annotations (docs/spring-boot.md#metric-annotations) against its output columns. Each
 * {@code @metric: name} starts a metric; the {@code @metric_*} lines after it, up to the next
 * {@code @metric}, configure it. Every mistake is reported with its line and column: an unknown
 * column, a condition that does not parse or is not boolean, a bad type, bucket or sample rate.
 */
final class MetricAnnotations {
    /** The annotations of a metric. */
    static final Set<String> KEYS = Set.of("metric", "metric_type", "metric_help", "metric_labels", "metric_field",
            "metric_condition", "metric_buckets", "metric_sample_rate");
    private static final Pattern NAME = Pattern.compile("[A-Za-z_:][A-Za-z0-9_:.]*");

    private MetricAnnotations() {
    }

    static List<RowMetric> compile(Statement st, Schema output, ExpressionCompiler compiler, Diagnostics diagnostics) {
        List<RowMetric> metrics = new ArrayList<>();
        Builder current = null;
        for (Statement.Annotation a : st.annotations()) {
            String key = a.key().toLowerCase(Locale.ROOT);
            if (!key.startsWith("metric")) {
                continue;
            }
            Position pos = valuePosition(a, diagnostics);
            if (key.equals("metric")) {
                if (current != null) {
                    current.build(metrics);
                }
                current = new Builder(a.value().trim(), pos, output, compiler, diagnostics);
            } else if (current == null) {
                diagnostics.error(pos, "@" + a.key() + " needs a @metric: <name> line above it");
            } else {
                current.set(key, a.value().trim(), pos);
            }
        }
        if (current != null) {
            current.build(metrics);
        }
        return metrics;
    }

    /** Where the annotation's value starts on its line, so errors point into it. */
    private static Position valuePosition(Statement.Annotation a, Diagnostics diagnostics) {
        String line = diagnostics.line(a.line());
        int at = line == null ? -1 : line.indexOf(':', line.indexOf('@'));
        if (at < 0) {
            return new Position(a.line(), 1);
        }
        int col = at + 1;
        while (col < line.length() && Character.isWhitespace(line.charAt(col))) {
            col++;
        }
        return new Position(a.line(), col + 1);
    }

    private static final class Builder {
        private final String name;
        private final Position pos;
        private final Schema output;
        private final ExpressionCompiler compiler;
        private final Diagnostics diagnostics;
        private RowMetric.Type type = RowMetric.Type.COUNTER;
        private String help;
        private List<String> labels = List.of();
        private int[] labelSlots = new int[0];
        private int fieldSlot = -1;
        private Compiled condition;
        private double[] buckets = new double[0];
        private double sampleRate = 1;

        Builder(String name, Position pos, Schema output, ExpressionCompiler compiler, Diagnostics diagnostics) {
            this.name = name;
            this.pos = pos;
            this.output = output;
            this.compiler = compiler;
            this.diagnostics = diagnostics;
            if (!NAME.matcher(name).matches()) {
                diagnostics.error(pos, "@metric name '" + name + "' is not a valid metric name ([A-Za-z_:][A-Za-z0-9_:.]*)");
            }
        }

        void set(String key, String value, Position at) {
            switch (key) {
                case "metric_type" -> {
                    try {
                        type = RowMetric.Type.valueOf(value.toUpperCase(Locale.ROOT));
                    } catch (IllegalArgumentException e) {
                        diagnostics.error(at, "@metric_type must be counter, gauge or histogram, got '" + value + "'");
                    }
                }
                case "metric_help" -> help = value;
                case "metric_labels" -> {
                    labels = Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
                    labelSlots = new int[labels.size()];
                    for (int i = 0; i < labelSlots.length; i++) {
                        labelSlots[i] = slot(labels.get(i), "@metric_labels", at);
                    }
                }
                case "metric_field" -> {
                    fieldSlot = slot(value, "@metric_field", at);
                    if (fieldSlot >= 0 && !output.type(fieldSlot).maybeNumeric()) {
                        diagnostics.error(at, "@metric_field '" + value + "' is " + output.type(fieldSlot)
                                + ", not a number");
                    }
                }
                case "metric_condition" -> condition = condition(value, at);
                case "metric_buckets" -> buckets = buckets(value, at);
                case "metric_sample_rate" -> {
                    try {
                        sampleRate = Double.parseDouble(value);
                    } catch (NumberFormatException e) {
                        sampleRate = Double.NaN;
                    }
                    if (!(sampleRate > 0 && sampleRate <= 1)) {
                        diagnostics.error(at, "@metric_sample_rate must be a number in (0, 1], got '" + value + "'");
                    }
                }
                default -> diagnostics.warning(at, "unknown annotation @" + key + " (ignored)");
            }
        }

        private int slot(String column, String annotation, Position at) {
            int slot = output.slotOf(column);
            if (slot < 0) {
                diagnostics.error(at, "unknown column '" + column + "' in " + annotation + " (output columns: "
                        + String.join(", ", output.names()) + ")");
            }
            return slot;
        }

        /**
         * Parsed with the annotation's line and column in front of it, so the parser's and the
         * compiler's positions are those in the file.
         */
        private Compiled condition(String text, Position at) {
            Expr expr;
            try {
                expr = SqlParser.parseExpression("\n".repeat(at.line() - 1) + " ".repeat(at.column() - 1) + text);
            } catch (SqlException e) {
                for (SqlError err : e.errors()) {
                    diagnostics.error(new Position(err.line(), err.column()), "@metric_condition: " + err.message());
                }
                return null;
            }
            Compiled c = compiler.compile(expr, new OutputScope(output));
            if (c.type() != SqlType.BOOLEAN && c.type() != SqlType.ANY && c.type() != SqlType.NULL) {
                diagnostics.error(at, "@metric_condition must be a boolean expression, got " + c.type());
            }
            return c;
        }

        private double[] buckets(String value, Position at) {
            try {
                double[] b = Arrays.stream(value.split(",")).map(String::trim).mapToDouble(Double::parseDouble).toArray();
                for (int i = 1; i < b.length; i++) {
                    if (b[i] <= b[i - 1]) {
                        throw new NumberFormatException();
                    }
                }
                return b;
            } catch (NumberFormatException e) {
                diagnostics.error(at, "@metric_buckets must be ascending numbers separated by commas, got '" + value + "'");
                return new double[0];
            }
        }

        void build(List<RowMetric> into) {
            String kind = type.name().toLowerCase(Locale.ROOT);
            if (buckets.length > 0 && type != RowMetric.Type.HISTOGRAM) {
                diagnostics.error(pos, "@metric_buckets applies to a histogram; metric '" + name + "' is a " + kind);
            }
            if (fieldSlot < 0 && type != RowMetric.Type.COUNTER) {
                diagnostics.error(pos, "metric '" + name + "' is a " + kind + ": name its value column with @metric_field");
            }
            into.add(new RowMetric(name, type, help, labels, labelSlots, fieldSlot,
                    condition == null ? null : condition.eval(), buckets, sampleRate));
        }
    }

    /** The job's output columns, read from the output record by slot. */
    private record OutputScope(Schema output) implements Scope {
        @Override
        public Compiled resolve(Expr.ColumnRef ref) {
            int slot = ref.qualifier() == null ? output.slotOf(ref.name()) : -1;
            return slot < 0 ? null : Compiled.of(row -> row.in.value(slot), output.type(slot));
        }

        @Override
        public String describe() {
            return " (output columns: " + String.join(", ", output.names()) + ")";
        }
    }
}
