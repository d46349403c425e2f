package io.velostream.engine.internal.sql.plan;

import io.velostream.engine.internal.sql.ast.Expr;
import io.velostream.engine.internal.sql.ast.Position;
import io.velostream.engine.internal.sql.ast.Query;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Structural operations on expression trees used while planning: a canonical text (to match
 * {@code SUM(amount)} in HAVING with the same call in SELECT, wherever each is written) and a
 * rewrite that replaces sub-expressions. Both walk the AST's records generically, so a new node
 * type needs no change here. Subqueries are opaque.
 */
final class Exprs {
    private Exprs() {
    }

    /** The expression's structure without positions; column names and qualifiers compare case-insensitively. */
    static String canonical(Object node) {
        StringBuilder sb = new StringBuilder();
        canonical(node, sb);
        return sb.toString();
    }

    private static void canonical(Object node, StringBuilder sb) {
        if (node instanceof Expr.ColumnRef c) {
            sb.append("col(").append(c.name().toLowerCase(Locale.ROOT)).append(')');
        } else if (node instanceof Query || node instanceof Position) {
            sb.append(node instanceof Query ? "query@" + ((Query) node).pos() : "");
        } else if (node instanceof Record r) {
            sb.append(r.getClass().getSimpleName()).append('(');
            for (RecordComponent rc : r.getClass().getRecordComponents()) {
                canonical(value(rc, r), sb);
                sb.append(',');
            }
            sb.append(')');
        } else if (node instanceof List<?> list) {
            sb.append('[');
            for (Object o : list) {
                canonical(o, sb);
                sb.append(',');
            }
            sb.append(']');
        } else if (node instanceof String s) {
            sb.append('\'').append(s).append('\'');
        } else {
            sb.append(node == null ? "null" : node.getClass().getSimpleName() + ":" + node);
        }
    }

    /**
     * Rebuilds {@code e} bottom-up where {@code replace} gives a replacement (a non-null result
     * replaces the node and its sub-tree is not visited).
     */
    static Expr rewrite(Expr e, Function<Expr, Expr> replace) {
        return (Expr) rewriteNode(e, replace);
    }

    private static Object rewriteNode(Object node, Function<Expr, Expr> replace) {
        if (node instanceof Expr e) {
            Expr r = replace.apply(e);
            if (r != null) {
                return r;
            }
        }
        if (node instanceof Record r && !(node instanceof Query) && !(node instanceof Position)) {
            RecordComponent[] components = r.getClass().getRecordComponents();
            Object[] args = new Object[components.length];
            Class<?>[] types = new Class<?>[components.length];
            boolean changed = false;
            for (int i = 0; i < components.length; i++) {
                Object v = value(components[i], r);
                args[i] = rewriteNode(v, replace);
                types[i] = components[i].getType();
                changed |= args[i] != v;
            }
            return changed ? construct(r.getClass(), types, args) : node;
        }
        if (node instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            boolean changed = false;
            for (Object o : list) {
                Object n = rewriteNode(o, replace);
                out.add(n);
                changed |= n != o;
            }
            return changed ? out : node;
        }
        return node;
    }

    /** Visits every expression node (not inside subqueries), parents before children. */
    static void forEach(Expr e, java.util.function.Consumer<Expr> visitor) {
        rewrite(e, n -> {
            visitor.accept(n);
            return null;
        });
    }

    private static Object value(RecordComponent rc, Record r) {
        try {
            return rc.getAccessor().invoke(r);
        } catch (IllegalAccessException | InvocationTargetException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static Object construct(Class<?> cls, Class<?>[] types, Object[] args) {
        try {
            Constructor<?> c = cls.getDeclaredConstructor(types);
            return c.newInstance(args);
        } catch (ReflectiveOperationException ex) {
            throw new IllegalStateException("cannot rebuild " + cls.getSimpleName(), ex);
        }
    }
}
