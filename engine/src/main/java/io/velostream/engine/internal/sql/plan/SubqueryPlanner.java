package io.velostream.engine.internal.sql.plan;

import io.velostream.engine.internal.exec.expr.Compiled;
import io.velostream.engine.internal.exec.expr.Evaluator;
import io.velostream.engine.internal.exec.join.TableStore;
import io.velostream.engine.record.SqlType;
import io.velostream.engine.record.StreamRecord;
import io.velostream.engine.record.Values;
import io.velostream.engine.sql.Diagnostics;
import io.velostream.engine.internal.sql.ast.Expr;
import io.velostream.engine.internal.sql.ast.Position;
import io.velostream.engine.internal.sql.ast.Query;
import io.velostream.engine.internal.sql.compile.ExpressionCompiler;
import io.velostream.engine.internal.sql.compile.Scope;
import io.velostream.engine.internal.sql.compile.SubqueryCompiler;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Subqueries over tables (docs/joins.md), each evaluated per record by a hash lookup, never a scan:
 * <ul>
 * <li>{@code x [NOT] IN (SELECT t.c FROM t)}: by key when {@code c} is the table's key, else in a
 * value index the table keeps up to date;</li>
 * <li>correlated {@code [NOT] EXISTS (SELECT … FROM t WHERE t.k = outer…)}, {@code x IN (SELECT
 * t.c FROM t WHERE t.k = outer…)} and scalar {@code (SELECT t.c FROM t WHERE t.k = outer…)}: the
 * WHERE gives the table's key from the outer record, and the row is looked up by it.</li>
 * </ul>
 * Other shapes (aggregates, filters on non-key columns) are reported as not supported.
 */
final class SubqueryPlanner implements SubqueryCompiler {
    private final ExpressionCompiler compiler;
    private final Diagnostics diagnostics;
    private final Function<Query.Source, QueryPlanner.TableSide> tables;

    SubqueryPlanner(ExpressionCompiler compiler, Diagnostics diagnostics,
                    Function<Query.Source, QueryPlanner.TableSide> tables) {
        this.compiler = compiler;
        this.diagnostics = diagnostics;
        this.tables = tables;
    }

    /** What a subquery reads: its table, the column it selects (or -1), and how the outer record gives the key. */
    private record Target(QueryPlanner.TableSide table, int column, Evaluator[] outerKey) {
        /** The table row the outer record's correlation points at, or null. */
        StreamRecord lookup(io.velostream.engine.internal.exec.expr.Row row) {
            Object[] parts = new Object[outerKey.length];
            for (int i = 0; i < parts.length; i++) {
                parts[i] = outerKey[i].eval(row);
                if (parts[i] == null) {
                    return null;
                }
            }
            return table.table().get(Values.toKeyString(parts));
        }
    }

    @Override
    public Compiled in(Expr.InSubquery in, Compiled operand, Scope outer) {
        Target t = target(in.query(), in.pos(), outer, true);
        if (t == null) {
            return Compiled.constant(null, SqlType.NULL);
        }
        Evaluator x = operand.eval();
        boolean negated = in.negated();
        TableStore table = t.table().table();
        if (t.outerKey() != null) {
            int column = t.column();
            return Compiled.of(row -> {
                Object v = x.eval(row);
                if (v == null) {
                    return null;
                }
                StreamRecord match = t.lookup(row);
                Object c = match == null ? null : match.value(column);
                return (c != null && Values.sqlEquals(v, c)) != negated;
            }, SqlType.BOOLEAN);
        }
        List<String> keys = t.table().keyColumns();
        boolean byKey = keys.size() == 1 && keys.get(0).equalsIgnoreCase(table.schema().name(t.column()));
        Map<String, Integer> index = byKey ? null : table.valueIndex(t.column());
        return Compiled.of(row -> {
            Object v = x.eval(row);
            if (v == null) {
                return null;
            }
            String k = Values.toKeyString(v);
            boolean found = byKey ? table.get(k) != null : index.containsKey(k);
            return found != negated;
        }, SqlType.BOOLEAN);
    }

    @Override
    public Compiled exists(Expr.Exists exists, Scope outer) {
        Target t = target(exists.query(), exists.pos(), outer, false);
        if (t == null) {
            return Compiled.constant(null, SqlType.NULL);
        }
        boolean negated = exists.negated();
        TableStore table = t.table().table();
        if (t.outerKey() == null) {
            return Compiled.of(row -> (table.size() > 0) != negated, SqlType.BOOLEAN);
        }
        return Compiled.of(row -> (t.lookup(row) != null) != negated, SqlType.BOOLEAN);
    }

    @Override
    public Compiled scalar(Expr.ScalarSubquery scalar, Scope outer) {
        Target t = target(scalar.query(), scalar.pos(), outer, true);
        if (t == null) {
            return Compiled.constant(null, SqlType.NULL);
        }
        if (t.outerKey() == null) {
            diagnostics.error(scalar.pos(), "a scalar subquery must find one row by the table's key:"
                    + " WHERE " + String.join(" = … AND ", t.table().keyColumns()) + " = …");
            return Compiled.constant(null, SqlType.NULL);
        }
        int column = t.column();
        return Compiled.of(row -> {
            StreamRecord match = t.lookup(row);
            return match == null ? null : match.value(column);
        }, t.table().schema().type(column));
    }

    private Target target(Query q, Position pos, Scope outer, boolean needsColumn) {
        if (!(q instanceof Query.Select sub) || !sub.joins().isEmpty() || !sub.groupBy().isEmpty()
                || sub.having() != null || sub.window() != null || sub.from().subquery() != null) {
            diagnostics.error(pos, "a subquery reads one table: SELECT column FROM table [WHERE key = …]");
            return null;
        }
        QueryPlanner.TableSide table = tables == null ? null : tables.apply(sub.from());
        if (table == null) {
            diagnostics.error(sub.from().pos(), "subqueries read tables: '" + sub.from().name()
                    + "' is not a table (CREATE TABLE, or a source with a primary_key)");
            return null;
        }
        List<String> names = List.of(sub.from().name().toLowerCase(Locale.ROOT),
                sub.from().refName().toLowerCase(Locale.ROOT));
        int column = -1;
        if (needsColumn) {
            Query.SelectItem item = sub.items().size() == 1 ? sub.items().get(0) : null;
            column = item != null && item.expr() instanceof Expr.ColumnRef ref ? tableSlot(ref, table, names) : -1;
            if (column < 0) {
                diagnostics.error(item == null ? sub.pos() : item.pos(),
                        "this subquery must select one column of table '" + sub.from().name() + "'");
                return null;
            }
        }
        Evaluator[] outerKey = sub.where() == null ? null : correlation(sub, table, names, outer);
        if (sub.where() != null && outerKey == null) {
            return null;
        }
        return new Target(table, column, outerKey);
    }

    /** WHERE t.k1 = outer AND t.k2 = outer …: the outer expressions in the table's key order. */
    private Evaluator[] correlation(Query.Select sub, QueryPlanner.TableSide table, List<String> names, Scope outer) {
        List<String> keys = table.keyColumns();
        Evaluator[] outerKey = new Evaluator[keys.size()];
        List<Expr> conjuncts = new ArrayList<>();
        flatten(sub.where(), conjuncts);
        for (Expr c : conjuncts) {
            int k = -1;
            Expr other = null;
            if (c instanceof Expr.Binary b && b.op() == Expr.BinaryOp.EQ) {
                k = keyIndex(b.left(), table, names);
                other = b.right();
                if (k < 0) {
                    k = keyIndex(b.right(), table, names);
                    other = b.left();
                }
            }
            if (k < 0 || outerKey[k] != null) {
                diagnostics.error(c.pos(), "a subquery's WHERE may only compare the table's key ("
                        + String.join(", ", keys) + ") with the outer query, one column once");
                return null;
            }
            outerKey[k] = compiler.compile(other, outer).eval();
        }
        for (int k = 0; k < outerKey.length; k++) {
            if (outerKey[k] == null) {
                diagnostics.error(sub.where().pos(), "the subquery's WHERE does not give the key column '" + keys.get(k) + "'");
                return null;
            }
        }
        return outerKey;
    }

    private static void flatten(Expr e, List<Expr> out) {
        if (e instanceof Expr.Binary b && b.op() == Expr.BinaryOp.AND) {
            flatten(b.left(), out);
            flatten(b.right(), out);
        } else {
            out.add(e);
        }
    }

    private static int keyIndex(Expr e, QueryPlanner.TableSide table, List<String> names) {
        if (!(e instanceof Expr.ColumnRef ref) || tableSlot(ref, table, names) < 0) {
            return -1;
        }
        List<String> keys = table.keyColumns();
        for (int i = 0; i < keys.size(); i++) {
            if (keys.get(i).equalsIgnoreCase(ref.name())) {
                return i;
            }
        }
        return -1;
    }

    /** The table's slot of a reference to one of its columns: qualified by the table, or unqualified. */
    private static int tableSlot(Expr.ColumnRef ref, QueryPlanner.TableSide table, List<String> names) {
        if (ref.qualifier() != null && !names.contains(ref.qualifier().toLowerCase(Locale.ROOT))) {
            return -1;
        }
        return table.schema().slotOf(ref.name());
    }
}
