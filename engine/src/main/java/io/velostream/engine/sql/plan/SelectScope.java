package io.velostream.engine.sql.plan;

import io.velostream.engine.exec.expr.Compiled;
import io.velostream.engine.exec.expr.Evaluator;
import io.velostream.engine.exec.expr.Scope;
import io.velostream.engine.record.Schema;
import io.velostream.engine.record.SqlType;
import io.velostream.engine.sql.ast.Expr;

import java.util.LinkedHashMap;
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
    private final Schema input;
    private final Set<String> sourceNames;
    private final Map<String, Compiled> aliases = new LinkedHashMap<>();
    private final Map<String, Compiled> extras = new LinkedHashMap<>();
    private boolean aliasesVisible;

    SelectScope(Schema input, Set<String> sourceNames) {
        this.input = input;
        this.sourceNames = sourceNames;
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

    Compiled column(String name) {
        int slot = input.slotOf(name);
        if (slot < 0) {
            Compiled system = SystemColumns.resolve(name);
            if (system != null || input.isClosed()) {
                return system;
            }
            slot = input.add(name, SqlType.ANY);
        }
        int s = slot;
        return Compiled.of(row -> row.in.value(s), input.type(s));
    }

    @Override
    public Compiled resolve(Expr.ColumnRef ref) {
        if (SystemColumns.isWindowColumn(ref.name()) && input.slotOf(ref.name()) < 0) {
            throw new IllegalArgumentException(ref.name() + " exists only in windowed queries (WINDOW …)");
        }
        Compiled extra = ref.qualifier() == null ? extras.get(ref.name()) : null;
        if (extra != null) {
            return extra;
        }
        if (ref.qualifier() != null) {
            return sourceNames.contains(ref.qualifier().toLowerCase(Locale.ROOT)) ? column(ref.name()) : null;
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

    @Override
    public String describe() {
        if (!input.isClosed()) {
            return "";
        }
        return input.size() == 0 ? " (the source has no columns)" : " (columns: " + String.join(", ", input.names()) + ")";
    }
}
