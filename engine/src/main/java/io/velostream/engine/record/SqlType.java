package io.velostream.engine.record;

/**
 * The value types of the dialect (docs/sql.md#types-literals-and-arithmetic) and the Java class that carries each at run time.
 * Values live in record slots as plain objects, so a type is known statically where a schema
 * declares it and is always recoverable from the value itself ({@link Values#typeOf}).
 */
public enum SqlType {
    /** {@link Boolean}. */
    BOOLEAN,
    /** 64-bit integer: {@link Long}. */
    INTEGER,
    /** 64-bit floating point: {@link Double}. */
    FLOAT,
    /** Exact decimal: {@link Decimal}. */
    DECIMAL,
    /** {@link String}. */
    STRING,
    /** Millisecond instant: {@link java.time.Instant}. */
    TIMESTAMP,
    /** {@link java.time.LocalDate}. */
    DATE,
    /** {@link java.util.List}. */
    ARRAY,
    /** {@link java.util.Map} with string keys. */
    MAP,
    /** {@link java.util.Map} with string keys and a fixed set of fields. */
    STRUCT,
    /** A time span, only as a literal ({@code INTERVAL '5' MINUTE}): {@link java.time.Duration}. */
    INTERVAL,
    /** The type of the NULL literal. */
    NULL,
    /** Not known before run time (a field of a schemaless source). */
    ANY;

    public boolean isNumeric() {
        return this == INTEGER || this == FLOAT || this == DECIMAL;
    }

    /** True when a value of this type may be numeric at run time. */
    public boolean maybeNumeric() {
        return isNumeric() || this == ANY || this == NULL;
    }

    /** Resolves a CAST target or declared column type name (docs/sql.md#types-literals-and-arithmetic), or null when unknown. */
    public static SqlType fromName(String name) {
        switch (name.toUpperCase(java.util.Locale.ROOT)) {
            case "INTEGER": case "INT": case "BIGINT": return INTEGER;
            case "FLOAT": case "DOUBLE": return FLOAT;
            case "DECIMAL": case "NUMERIC": return DECIMAL;
            case "STRING": case "VARCHAR": case "TEXT": return STRING;
            case "BOOLEAN": case "BOOL": return BOOLEAN;
            case "TIMESTAMP": case "DATETIME": return TIMESTAMP;
            case "DATE": return DATE;
            case "ARRAY": return ARRAY;
            case "MAP": return MAP;
            case "STRUCT": return STRUCT;
            default: return null;
        }
    }
}
