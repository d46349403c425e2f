package io.velostream.engine.record;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The fields of a record: names and types, each at a fixed slot.
 *
 * <p>A schema is append-only: a schemaless source (JSON) adds a field the first time it sees it,
 * and a slot, once given, never changes. Queries resolve column names to slots once when they are
 * compiled, so no field is looked up by name per record. A record may be narrower than its
 * schema (it was decoded before a field was added); the missing slots read as NULL.
 *
 * <p>A schema belongs to one job's thread: sources grow it while decoding, never concurrently.
 */
public final class Schema {
    private final List<String> names = new ArrayList<>();
    private final List<SqlType> types = new ArrayList<>();
    private final Map<String, Integer> exact = new HashMap<>();
    /** Lower-cased name to slot, or {@link #AMBIGUOUS} when two fields differ only in case. */
    private final Map<String, Integer> folded = new HashMap<>();
    private static final int AMBIGUOUS = -2;
    private final boolean closed;

    private Schema(boolean closed) {
        this.closed = closed;
    }

    /** A schema that sources may extend with fields they discover (JSON). */
    public static Schema open() {
        return new Schema(false);
    }

    /** A schema whose fields are all known (a CSV header, a declared schema, a query's output). */
    public static Schema of(List<String> names, List<SqlType> types) {
        Schema s = new Schema(false);
        for (int i = 0; i < names.size(); i++) {
            s.add(names.get(i), types.get(i));
        }
        return s.close();
    }

    public static Schema of(String... names) {
        Schema s = new Schema(false);
        for (String n : names) {
            s.add(n, SqlType.ANY);
        }
        return s.close();
    }

    private Schema close() {
        Schema c = new Schema(true);
        for (int i = 0; i < names.size(); i++) {
            c.append(names.get(i), types.get(i));
        }
        return c;
    }

    /** True when no field will be added later, so an unknown column name is an error. */
    public boolean isClosed() {
        return closed;
    }

    public int size() {
        return names.size();
    }

    public String name(int slot) {
        return names.get(slot);
    }

    public SqlType type(int slot) {
        return types.get(slot);
    }

    public List<String> names() {
        return Collections.unmodifiableList(names);
    }

    /**
     * The slot of {@code name}: the exact match, else the unique case-insensitive match (docs/sql.md#select).
     *
     * @return the slot, or -1 when there is no such field
     * @throws IllegalArgumentException when several fields match only case-insensitively
     */
    public int slotOf(String name) {
        Integer slot = exact.get(name);
        if (slot != null) {
            return slot;
        }
        slot = folded.get(name.toLowerCase(Locale.ROOT));
        if (slot == null) {
            return -1;
        }
        if (slot == AMBIGUOUS) {
            throw new IllegalArgumentException("column '" + name + "' matches several fields that differ only in case");
        }
        return slot;
    }

    /**
     * Adds a field, or returns the slot of the field of that exact name.
     *
     * @throws IllegalStateException on a closed schema when the field is new
     */
    public int add(String name, SqlType type) {
        Integer existing = exact.get(name);
        if (existing != null) {
            return existing;
        }
        if (closed) {
            throw new IllegalStateException("schema is closed; cannot add field '" + name + "'");
        }
        return append(name, type);
    }

    private int append(String name, SqlType type) {
        int slot = names.size();
        names.add(name);
        types.add(type);
        exact.put(name, slot);
        folded.merge(name.toLowerCase(Locale.ROOT), slot, (a, b) -> AMBIGUOUS);
        return slot;
    }

    /** Records a more precise type for a field whose type was {@link SqlType#ANY}. */
    public void refineType(int slot, SqlType type) {
        if (types.get(slot) == SqlType.ANY && !closed) {
            types.set(slot, type);
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < names.size(); i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(names.get(i)).append(' ').append(types.get(i));
        }
        return sb.append(')').toString();
    }
}
