package io.velostream.engine.internal.sql.plan;

import io.velostream.engine.internal.exec.expr.Compiled;
import io.velostream.engine.internal.exec.expr.Evaluator;
import io.velostream.engine.record.Schema;
import io.velostream.engine.record.SqlType;
import io.velostream.engine.internal.sql.ast.Expr;
import io.velostream.engine.internal.sql.compile.Scope;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Names visible in one SELECT over one source. A name resolves to, in this order: an alias of an
 * earlier select item (not in WHERE), a column of the source, a system column. A source whose
 * schema is learnt while reading (JSON) gets a slot for every name the query uses, so a column
 * the data never has reads as NULL.
 */
final class SelectScope implements Scope {
    /**
     * One source of the SELECT: the names it goes by (its name and alias, lower case), its schema
     * and where its values start in the record the query reads (0 without a join; a join's
     * records hold the left side's values, then the right side's).
     */
    record Side(Set<String> names, Schema schema, int offset) {
    }

    private final List<Side> sides;
    private final Map<String, Compiled> aliases = new LinkedHashMap<>();
    private final Map<String, Compiled> extras = new LinkedHashMap<>();
    private boolean aliasesVisible;

    SelectScope(Schema input, Set<String> sourceNames) {
        this(List.of(new Side(sourceNames, input, 0)));
    }

    SelectScope(List<Side> sides) {
        this.sides = List.copyOf(sides);
    }

    /** Makes the alias of a computed item visible to later items; {@code slot} is its scratch index. */
    void addAlias(String alias, int slot, SqlType type) {
        aliases.putIfAbsent(alias, Compiled.of(row -> row.out[slot], type));
    }

    /** A name the planner provides itself (an analytic call's result), resolved before anything else. */
    void addExtra(String name, Evaluator eval, SqlType type) {
        extras.put(name, Compiled.of(eval, type));
    }

    void aliasesVisible(boolean visible) {
        this.aliasesVisible = visible;
    }

    /** The side a qualifier names, or null. */
    Side side(String qualifier) {
        String q = qualifier.toLowerCase(Locale.ROOT);
        for (Side side : sides) {
            if (side.names().contains(q)) {
                return side;
            }
        }
        return null;
    }

    List<Side> sides() {
        return sides;
    }

    /**
     * A column of one side. A side whose schema is learnt while reading (JSON) gets a slot for a
     * name it does not have yet, as long as no side comes after it (their offsets would move).
     */
    Compiled column(Side side, String name) {
        Schema schema = side.schema();
        int slot = schema.slotOf(name);
        if (slot < 0) {
            Compiled system = SystemColumns.resolve(name);
            if (system != null) {
                return system;
            }
            if (schema.isClosed() || side != sides.get(sides.size() - 1)) {
                return null;
            }
            slot = schema.add(name, SqlType.ANY);
        }
        int s = side.offset() + slot;
        return Compiled.of(row -> row.in.value(s), schema.type(slot));
    }

    /** An unqualified column: the one side that has it, else a system column, else a new field (JSON). */
    Compiled column(String name) {
        Side found = null;
        for (Side side : sides) {
            if (side.schema().slotOf(name) >= 0) {
                if (found != null) {
                    throw new IllegalArgumentException("column '" + name + "' is in more than one source: qualify it ("
                            + first(found) + "." + name + " or " + first(side) + "." + name + ")");
                }
                found = side;
            }
        }
        if (found != null) {
            return column(found, name);
        }
        Compiled system = SystemColumns.resolve(name);
        if (system != null) {
            return system;
        }
        return column(sides.get(sides.size() - 1), name);
    }

    private static String first(Side side) {
        return side.names().iterator().next();
    }

    @Override
    public Compiled resolve(Expr.ColumnRef ref) {
        if (SystemColumns.isWindowColumn(ref.name()) && sides.get(0).schema().slotOf(ref.name()) < 0) {
            throw new IllegalArgumentException(ref.name() + " exists only in windowed queries (WINDOW …)");
        }
        Compiled extra = ref.qualifier() == null ? extras.get(ref.name()) : null;
        if (extra != null) {
            return extra;
        }
        if (ref.qualifier() != null) {
            Side side = side(ref.qualifier());
            return side == null ? null : column(side, ref.name());
        }
        if (aliasesVisible) {
            Compiled alias = aliases.get(ref.name());
            if (alias == null) {
                for (Map.Entry<String, Compiled> e : aliases.entrySet()) {
                    if (e.getKey().equalsIgnoreCase(ref.name())) {
                        alias = e.getValue();
                        break;
                    }
                }
            }
            if (alias != null) {
                return alias;
            }
        }
        return column(ref.name());
    }

    /**
     * The record slot a reference reads when it is a plain column of a single source (not an
     * alias, a system column or a planner-provided name), else -1.
     */
    int plainSlot(Expr.ColumnRef ref) {
        if (sides.size() != 1 || extras.containsKey(ref.name()) || (aliasesVisible && ref.qualifier() == null
                && aliases.keySet().stream().anyMatch(a -> a.equalsIgnoreCase(ref.name())))) {
            return -1;
        }
        if (ref.qualifier() != null && side(ref.qualifier()) == null) {
            return -1;
        }
        return sides.get(0).schema().slotOf(ref.name());
    }

    @Override
    public String describe() {
        StringBuilder sb = new StringBuilder();
        for (Side side : sides) {
            if (!side.schema().isClosed()) {
                continue;
            }
            sb.append(sb.length() == 0 ? " (columns: " : "; ");
            if (sides.size() > 1) {
                sb.append(first(side)).append(": ");
            }
            sb.append(side.schema().size() == 0 ? "none" : String.join(", ", side.schema().names()));
        }
        return sb.length() == 0 ? "" : sb.append(')').toString();
    }
}
