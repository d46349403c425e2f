package io.velostream.engine.fuzz;

import io.velostream.engine.app.ApplicationCompiler;
import io.velostream.engine.internal.exec.expr.Compiled;
import io.velostream.engine.internal.sql.compile.ExpressionCompiler;
import io.velostream.engine.internal.exec.expr.Row;
import io.velostream.engine.internal.sql.compile.Scope;
import io.velostream.engine.function.FunctionContext;
import io.velostream.engine.function.FunctionRegistry;
import io.velostream.engine.record.Decimal;
import io.velostream.engine.record.Schema;
import io.velostream.engine.record.SqlType;
import io.velostream.engine.record.StreamRecord;
import io.velostream.engine.record.ValueException;
import io.velostream.engine.sql.Diagnostics;
import io.velostream.engine.internal.sql.ast.Expr;
import io.velostream.engine.internal.sql.parse.SqlParser;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Arithmetic and comparisons on random typed values (INTEGER, DECIMAL, FLOAT, NULL; the edges: 0,
 * ±1, Long.MIN/MAX, NaN, ±Infinity, -0.0, large scales) against a reference evaluator written
 * from docs/sql.md#types-literals-and-arithmetic and docs/functions.md: INTEGER ∘ INTEGER is INTEGER and its overflow a
 * record error (ValueException), {@code /} truncates toward zero, promotion INTEGER → DECIMAL →
 * FLOAT, DECIMAL exact and its division at scale max(scales, 6) half-up, division and modulo by
 * zero NULL with a warning, modulo with the sign of the dividend, NULL in → NULL out.
 */
class ExpressionFuzzTest {
    static final Schema SCHEMA = Schema.of(List.of("a", "b", "c", "d", "e", "f", "g"),
            List.of(SqlType.INTEGER, SqlType.INTEGER, SqlType.DECIMAL, SqlType.DECIMAL, SqlType.FLOAT, SqlType.FLOAT,
                    SqlType.ANY));
    static final String[] OPS = {"+", "-", "*", "/", "%", "=", "<>", "<", ">", "<=", ">="};
    static final FunctionRegistry REGISTRY = ApplicationCompiler.builtinFunctions();

    record Columns(Schema schema) implements Scope {
        @Override
        public Compiled resolve(Expr.ColumnRef ref) {
            int slot = schema.slotOf(ref.name());
            return slot < 0 ? null : Compiled.of(row -> row.in.value(slot), schema.type(slot));
        }

        @Override
        public String describe() {
            return "";
        }
    }

    static Compiled compile(String text) {
        Diagnostics diagnostics = new Diagnostics(null, text);
        Compiled c = new ExpressionCompiler(n -> REGISTRY.find(n).orElse(null), n -> null,
                new FunctionContext(Clock.fixed(Instant.EPOCH, ZoneOffset.UTC)), diagnostics)
                .compile(SqlParser.parseExpression(text), new Columns(SCHEMA));
        if (!diagnostics.errors().isEmpty()) {
            fail("does not compile: " + text + ": " + diagnostics.errors());
        }
        return c;
    }

    static Long randomLong(Random r) {
        return switch (r.nextInt(8)) {
            case 0 -> 0L;
            case 1 -> r.nextBoolean() ? 1L : -1L;
            case 2 -> r.nextBoolean() ? Long.MAX_VALUE : Long.MIN_VALUE;
            case 3 -> (long) r.nextInt(7) - 3;
            case 4 -> r.nextLong() >> r.nextInt(64);
            case 5 -> (r.nextBoolean() ? 1L : -1L) << r.nextInt(63);
            default -> (long) r.nextInt(2001) - 1000;
        };
    }

    static Decimal randomDecimal(Random r) {
        BigInteger unscaled = r.nextInt(5) == 0 ? BigInteger.ZERO : new BigInteger(1 + r.nextInt(r.nextBoolean() ? 20 : 130), r);
        if (r.nextBoolean()) {
            unscaled = unscaled.negate();
        }
        return Decimal.valueOf(new BigDecimal(unscaled, r.nextInt(r.nextInt(5) == 0 ? 40 : 8)));
    }

    static Double randomDouble(Random r) {
        return switch (r.nextInt(9)) {
            case 0 -> Double.NaN;
            case 1 -> r.nextBoolean() ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
            case 2 -> r.nextBoolean() ? 0.0 : -0.0;
            case 3 -> r.nextBoolean() ? Double.MAX_VALUE : Double.MIN_VALUE;
            case 4 -> (double) r.nextInt(7) - 3;
            default -> r.nextGaussian() * Math.pow(10, r.nextInt(40) - 20);
        };
    }

    static Object value(Random r, SqlType type) {
        if (r.nextInt(10) == 0) {
            return null;
        }
        return switch (type) {
            case INTEGER -> randomLong(r);
            case DECIMAL -> randomDecimal(r);
            case FLOAT -> randomDouble(r);
            default -> switch (r.nextInt(3)) { // ANY: a column of unknown type carries any of them
                case 0 -> randomLong(r);
                case 1 -> randomDecimal(r);
                default -> randomDouble(r);
            };
        };
    }

    /** The outcome the docs give: a value, NULL with a warning ({@link #WARNED}) or a record error ({@link #ERROR}). */
    static final Object ERROR = new Object() {
        @Override
        public String toString() {
            return "a record error (ValueException)";
        }
    };
    static final Object WARNED_NULL = new Object() {
        @Override
        public String toString() {
            return "NULL with a warning";
        }
    };

    static Object reference(String op, Object x, Object y) {
        if (x == null || y == null) {
            return null;
        }
        Number a = (Number) x;
        Number b = (Number) y;
        boolean comparison = !"+-*/%".contains(op);
        if (comparison) {
            int c = a instanceof Double || b instanceof Double ? Double.compare(a.doubleValue(), b.doubleValue())
                    : exact(a).compareTo(exact(b));
            return DifferentialQueryFuzzTest.cmp(op, c);
        }
        boolean zero = b instanceof Double d ? d == 0.0 : exact(b).signum() == 0;
        if ((op.equals("/") || op.equals("%")) && zero) {
            return WARNED_NULL;
        }
        if (a instanceof Double || b instanceof Double) {
            double p = a.doubleValue();
            double q = b.doubleValue();
            return switch (op) {
                case "+" -> p + q;
                case "-" -> p - q;
                case "*" -> p * q;
                case "/" -> p / q;
                default -> p % q;
            };
        }
        if (a instanceof Long p && b instanceof Long q) {
            BigInteger bp = BigInteger.valueOf(p);
            BigInteger bq = BigInteger.valueOf(q);
            BigInteger r = switch (op) {
                case "+" -> bp.add(bq);
                case "-" -> bp.subtract(bq);
                case "*" -> bp.multiply(bq);
                case "/" -> bp.divide(bq); // truncates toward zero
                default -> bp.remainder(bq); // the sign of the dividend
            };
            return r.bitLength() < 64 ? (Object) r.longValue() : ERROR;
        }
        BigDecimal p = exact(a);
        BigDecimal q = exact(b);
        return switch (op) {
            case "+" -> p.add(q);
            case "-" -> p.subtract(q);
            case "*" -> p.multiply(q);
            case "/" -> p.divide(q, Math.max(Math.max(p.scale(), q.scale()), Decimal.MIN_DIVISION_SCALE), RoundingMode.HALF_UP);
            default -> p.remainder(q);
        };
    }

    static BigDecimal exact(Number n) {
        return n instanceof Decimal d ? d.toBigDecimal() : n instanceof Long l ? BigDecimal.valueOf(l) : new BigDecimal(n.toString());
    }

    static boolean same(Object expected, Object actual) {
        if (expected instanceof BigDecimal e) {
            return actual instanceof Decimal d && d.toBigDecimal().compareTo(e) == 0;
        }
        if (expected instanceof Double e) {
            return actual instanceof Double d && Double.compare(e, d) == 0;
        }
        return Objects.equals(expected, actual);
    }

    @Test
    void binaryOperatorsOnRandomTypedValuesFollowTheReference() {
        long seed = Fuzz.seed(1309);
        Random r = new Random(seed);
        String[] columns = {"a", "b", "c", "d", "e", "f", "g"};
        Row row = new Row();
        int checked = 0;
        for (int i = 0; i < Fuzz.count(400); i++) {
            String x = columns[r.nextInt(columns.length)];
            String y = columns[r.nextInt(columns.length)];
            String op = OPS[r.nextInt(OPS.length)];
            String text = x + " " + op + " " + y;
            Compiled c = compile(text);
            Fuzz.bounded(Duration.ofSeconds(10), seed, text, () -> {
            for (int k = 0; k < 25; k++) {
                Object[] values = new Object[SCHEMA.size()];
                for (int s = 0; s < values.length; s++) {
                    values[s] = value(r, SCHEMA.type(s));
                }
                StreamRecord rec = new StreamRecord(SCHEMA, values, null, 0, 0, "t", 0, 0, null);
                Object expected = reference(op, values[SCHEMA.slotOf(x)], values[SCHEMA.slotOf(y)]);
                String where = text + " with " + x + " = " + show(values[SCHEMA.slotOf(x)]) + ", " + y + " = "
                        + show(values[SCHEMA.slotOf(y)]) + " (seed " + seed + ")";
                Object actual;
                row.reset(rec, new Object[0]);
                row.warnings = 0;
                try {
                    Object v = c.eval().eval(row);
                    actual = v == null && row.warnings > 0 ? WARNED_NULL : v;
                } catch (ValueException e) {
                    actual = ERROR;
                } catch (Throwable t) {
                    fail(where + " threw " + Fuzz.describe(t) + " instead of a value or a record error");
                    return null;
                }
                if (!same(expected, actual)) {
                    fail(where + ": expected " + show(expected) + " but was " + show(actual));
                }
            }
            return null;
            });
            checked += 25;
        }
        if (checked < Fuzz.count(400) * 25) {
            fail("checked only " + checked);
        }
    }

    @Test
    void castsAndNegationEndInAValueOrARecordError() {
        long seed = Fuzz.seed(1310);
        Random r = new Random(seed);
        String[] columns = {"a", "c", "e", "g"};
        String[] casts = {"INTEGER", "DECIMAL", "DECIMAL(10, 2)", "DECIMAL(38, 0)", "DECIMAL(5, 30)", "FLOAT", "STRING",
                "BOOLEAN", "TIMESTAMP", "DATE"};
        Row row = new Row();
        for (int i = 0; i < Fuzz.count(200); i++) {
            String x = columns[r.nextInt(columns.length)];
            String text = switch (r.nextInt(4)) {
                case 0 -> "-" + x;
                case 1 -> "ABS(" + x + ")";
                default -> "CAST(" + x + " AS " + casts[r.nextInt(casts.length)] + ")";
            };
            Compiled c = compile(text);
            Fuzz.bounded(Duration.ofSeconds(10), seed, text, () -> {
            for (int k = 0; k < 20; k++) {
                Object[] values = new Object[SCHEMA.size()];
                for (int s = 0; s < values.length; s++) {
                    values[s] = value(r, SCHEMA.type(s));
                }
                StreamRecord rec = new StreamRecord(SCHEMA, values, null, 0, 0, "t", 0, 0, null);
                Object in = values[SCHEMA.slotOf(x)];
                String where = text + " with " + x + " = " + show(in) + " (seed " + seed + ")";
                Object actual;
                row.reset(rec, new Object[0]);
                try {
                    actual = c.eval().eval(row);
                } catch (ValueException e) {
                    actual = ERROR;
                } catch (Throwable t) {
                    fail(where + " threw " + Fuzz.describe(t) + " instead of a value or a record error");
                    return null;
                }
                if (in == null && actual != null) {
                    fail(where + ": NULL in must give NULL, was " + show(actual));
                }
                if (text.startsWith("-") && in instanceof Long l) {
                    Object expected = l == Long.MIN_VALUE ? ERROR : -l;
                    if (!same(expected, actual)) {
                        fail(where + ": expected " + show(expected) + " but was " + show(actual));
                    }
                }
            }
            return null;
            });
        }
    }

    static String show(Object v) {
        return v == null ? "NULL" : v instanceof String s ? "'" + s + "'"
                : v + (v == ERROR || v == WARNED_NULL ? "" : " (" + v.getClass().getSimpleName() + ")");
    }
}
