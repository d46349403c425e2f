package io.velostream.engine.internal.function.builtin;

import io.velostream.engine.function.BoundFunction;
import io.velostream.engine.function.ScalarFunction;
import io.velostream.engine.record.Coercions;
import io.velostream.engine.record.Decimal;
import io.velostream.engine.record.SqlType;
import io.velostream.engine.record.ValueException;
import io.velostream.engine.record.Values;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.function.DoublePredicate;
import java.util.function.DoubleUnaryOperator;
import java.util.function.UnaryOperator;

/** ABS, ROUND, CEIL, FLOOR, SQRT, POWER, MOD, EXP, LN, LOG, LOG10, SIGN, GREATEST, LEAST. */
final class MathFunctions {
    private MathFunctions() {
    }

    @FunctionalInterface
    private interface LongOp {
        long apply(long x);
    }

    static List<ScalarFunction> all() {
        return List.of(
                sameType("ABS", Math::absExact, Decimal::abs, Math::abs),
                sameType("CEIL|CEILING", x -> x, d -> d.setScale(0, RoundingMode.CEILING), Math::ceil),
                sameType("FLOOR", x -> x, d -> d.setScale(0, RoundingMode.FLOOR), Math::floor),
                Def.of("SIGN", 1, c -> Bound.strict(c.numeric().result(SqlType.INTEGER),
                        v -> (long) signum(c.name, v))),
                Def.of("ROUND", 1, 2, c -> Bound.strictN(c.numeric().result(c.type(0)),
                        a -> round(c.name, a[0], a.length > 1 ? Num.intArg(c.name, a[1]) : 0))),
                toFloat("SQRT", Math::sqrt, x -> x >= 0, "of a negative number"),
                toFloat("EXP", Math::exp, x -> true, ""),
                toFloat("LN", Math::log, x -> x > 0, "of a non-positive number"),
                toFloat("LOG10", Math::log10, x -> x > 0, "of a non-positive number"),
                Def.of("LOG", 1, 2, c -> Bound.strictN(c.numeric().result(SqlType.FLOAT),
                        a -> a.length == 1 ? log(c.name, Math.E, a[0]) : log(c.name, a[0], a[1]))),
                Def.of("POWER|POW", 2, c -> Bound.strict(c.numeric().result(SqlType.FLOAT),
                        (x, y) -> power(c.name, x, y))),
                Def.of("MOD", 2, c -> Bound.strict(c.numeric().result(Num.promote(c.type(0), c.type(1))), (x, y) -> mod(c.name, x, y))),
                extreme("GREATEST", 1),
                extreme("LEAST", -1));
    }

    /** A function whose result has the type of its one numeric argument. */
    private static Def sameType(String names, LongOp onLong, UnaryOperator<Decimal> onDecimal, DoubleUnaryOperator onDouble) {
        return Def.of(names, 1, c -> Bound.strict(c.numeric().type(0), v -> {
            Object n = Num.number(c.name, v);
            try {
                if (n instanceof Long l) {
                    return onLong.apply(l);
                } else if (n instanceof Decimal d) {
                    return onDecimal.apply(d);
                }
                return onDouble.applyAsDouble((Double) n);
            } catch (ArithmeticException e) {
                throw Num.overflow(c.name);
            }
        }));
    }

    /** A FLOAT function of one number, with the domain outside which it is a record error. */
    private static Def toFloat(String names, DoubleUnaryOperator f, DoublePredicate domain, String outside) {
        return Def.of(names, 1, c -> Bound.strict(c.numeric().result(SqlType.FLOAT), v -> {
            double x = Coercions.toDouble(Num.number(c.name, v));
            if (!domain.test(x)) {
                throw new ValueException(c.name + " " + outside + ": " + Values.toDisplayString(v));
            }
            return f.applyAsDouble(x);
        }));
    }

    private static int signum(String fn, Object v) {
        Object n = Num.number(fn, v);
        if (n instanceof Long l) {
            return Long.signum(l);
        } else if (n instanceof Decimal d) {
            return d.signum();
        }
        return (int) Math.signum((Double) n);
    }

    /** Half-up (away from zero) to {@code scale} digits after the point; negative scales round left of it. */
    private static Object round(String fn, Object v, int scale) {
        Object n = Num.number(fn, v);
        if (n instanceof Decimal d) {
            return d.setScale(scale, RoundingMode.HALF_UP);
        } else if (n instanceof Long l) {
            if (scale >= 0) {
                return l;
            }
            try {
                return BigDecimal.valueOf(l).setScale(scale, RoundingMode.HALF_UP).longValueExact();
            } catch (ArithmeticException e) {
                throw Num.overflow(fn);
            }
        }
        double x = (Double) n;
        if (Double.isNaN(x) || Double.isInfinite(x)) {
            return x;
        }
        // Through the shortest decimal form, so ROUND(2.675, 2) is 2.68 as written, not 2.67.
        return BigDecimal.valueOf(x).setScale(scale, RoundingMode.HALF_UP).doubleValue();
    }

    private static Object log(String fn, Object base, Object v) {
        double b = Coercions.toDouble(Num.number(fn, base));
        double x = Coercions.toDouble(Num.number(fn, v));
        if (x <= 0 || b <= 0 || b == 1) {
            throw new ValueException(fn + " is undefined for base " + Values.toDisplayString(base)
                    + " and value " + Values.toDisplayString(v));
        }
        return b == Math.E ? Math.log(x) : Math.log(x) / Math.log(b);
    }

    private static Object power(String fn, Object base, Object exponent) {
        double b = Coercions.toDouble(Num.number(fn, base));
        double e = Coercions.toDouble(Num.number(fn, exponent));
        double r = Math.pow(b, e);
        if (Double.isNaN(r) && !Double.isNaN(b) && !Double.isNaN(e)) {
            throw new ValueException(fn + ": a negative number raised to a non-integer power: "
                    + Values.toDisplayString(base) + " ^ " + Values.toDisplayString(exponent));
        }
        return r;
    }

    /** Remainder with the sign of the dividend; NULL for a zero divisor, like {@code %} (docs/sql.md#types-literals-and-arithmetic). */
    private static Object mod(String fn, Object a, Object b) {
        Object x = Num.number(fn, a);
        Object y = Num.number(fn, b);
        switch (Num.wider(x, y)) {
            case INTEGER:
                long d = (Long) y;
                return d == 0 ? null : (Long) x % d;
            case DECIMAL:
                Decimal dd = Coercions.toDecimal(y);
                return dd.signum() == 0 ? null : Coercions.toDecimal(x).remainder(dd);
            default:
                double df = Coercions.toDouble(y);
                return df == 0 ? null : Coercions.toDouble(x) % df;
        }
    }

    /** GREATEST ({@code sign} 1) or LEAST (-1): NULLs are skipped, numbers come back promoted. */
    private static Def extreme(String name, int sign) {
        return Def.of(name, 1, Def.MANY, c -> {
            SqlType type = Num.common(c, Num.range(0, c.count()));
            return BoundFunction.of(type, args -> {
                Object best = null;
                SqlType numeric = null;
                for (Object v : args) {
                    if (v == null) {
                        continue;
                    }
                    if (v instanceof Number) {
                        numeric = numeric == null ? Values.typeOf(v) : Num.promote(numeric, Values.typeOf(v));
                    }
                    if (best == null || Integer.signum(Values.compare(v, best)) == sign) {
                        best = v;
                    }
                }
                return numeric == null ? best : Num.to(numeric, best);
            });
        });
    }
}
