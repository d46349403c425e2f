package io.velostream.engine.internal.io.kafka;

import io.velostream.engine.internal.io.format.DecodeException;
import io.velostream.engine.record.Coercions;
import io.velostream.engine.record.Decimal;
import io.velostream.engine.record.SqlType;
import io.velostream.engine.record.StreamRecord;
import io.velostream.engine.record.Values;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Conversions;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;

import java.io.IOException;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Avro binary values (no registry framing) with a fixed schema, a record at the top. Conversions
 * between Avro data and SQL values are compiled from the schema once, one function per field:
 * int/long → INTEGER, float/double → FLOAT, string/enum → STRING, boolean, bytes/fixed with the
 * decimal logical type → DECIMAL (exact scale), other bytes/fixed → Base64 STRING,
 * timestamp-millis/-micros → TIMESTAMP, date → DATE, array → ARRAY, map → MAP, record → STRUCT
 * (a map), a union with null → its other branch, nullable.
 */
final class AvroFormat {
    private static final Conversions.DecimalConversion DECIMALS = new Conversions.DecimalConversion();

    private AvroFormat() {
    }

    static Schema parse(String schemaText) {
        Schema schema;
        try {
            schema = new Schema.Parser().parse(schemaText);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("invalid Avro schema: " + e.getMessage(), e);
        }
        if (schema.getType() != Schema.Type.RECORD) {
            throw new IllegalArgumentException("the Avro schema must be a record, not " + schema.getType().getName());
        }
        return schema;
    }

    /** Decodes values into a closed schema with the Avro record's fields. */
    static final class Decoder implements ValueDecoder {
        private final io.velostream.engine.record.Schema schema;
        private final GenericDatumReader<GenericRecord> reader;
        private final UnaryOperator<Object>[] fields;
        private BinaryDecoder decoder;
        private GenericRecord reuse;

        @SuppressWarnings("unchecked")
        Decoder(Schema avro) {
            List<String> names = new ArrayList<>();
            List<SqlType> types = new ArrayList<>();
            this.fields = new UnaryOperator[avro.getFields().size()];
            for (Schema.Field f : avro.getFields()) {
                names.add(f.name());
                types.add(sqlType(f.schema()));
                fields[f.pos()] = toSql(f.schema());
            }
            this.schema = io.velostream.engine.record.Schema.of(names, types);
            this.reader = new GenericDatumReader<>(avro);
        }

        @Override
        public io.velostream.engine.record.Schema schema() {
            return schema;
        }

        @Override
        public Object[] decode(byte[] value) throws DecodeException {
            if (value == null) {
                return NO_VALUES;
            }
            return decode(value, 0, reader);
        }

        /**
         * Decodes the Avro datum at {@code offset} with {@code with}, a reader of this decoder's schema
         * (resolving from the writer's schema when the value was written with another, docs/formats.md#schema-registry).
         */
        Object[] decode(byte[] value, int offset, GenericDatumReader<GenericRecord> with) throws DecodeException {
            try {
                decoder = DecoderFactory.get().binaryDecoder(value, offset, value.length - offset, decoder);
                // Reusing the record is safe: every value is converted out of it before the next read.
                reuse = with.read(reuse, decoder);
                if (!decoder.isEnd()) {
                    throw new DecodeException("malformed Avro: bytes left after the record (written with another schema?)");
                }
            } catch (IOException | RuntimeException e) {
                throw new DecodeException("malformed Avro: " + e);
            }
            Object[] values = new Object[fields.length];
            for (int i = 0; i < values.length; i++) {
                values[i] = fields[i].apply(reuse.get(i));
            }
            return values;
        }
    }

    /** Encodes records by field name (the exact or unique case-insensitive match); a missing field is null. */
    static final class Encoder implements ValueEncoder {
        private final Schema avro;
        private final ValueEncoders.Buffer buffer;
        private final byte[] header;
        private final GenericDatumWriter<GenericRecord> writer;
        private final GenericData.Record record;
        private final UnaryOperator<Object>[] fields;
        private BinaryEncoder encoder;
        /** Slot of each Avro field in {@link #slotsOf}, -1 when the record has no such field. */
        private io.velostream.engine.record.Schema slotsOf;
        private int slotsOfSize;
        private int[] slots;

        Encoder(Schema avro, ValueEncoders.Buffer buffer) {
            this(avro, buffer, new byte[0]);
        }

        /** @param header bytes written before each datum (the registry framing, docs/formats.md#schema-registry) */
        @SuppressWarnings("unchecked")
        Encoder(Schema avro, ValueEncoders.Buffer buffer, byte[] header) {
            this.avro = avro;
            this.header = header;
            this.buffer = buffer;
            this.writer = new GenericDatumWriter<>(avro);
            this.record = new GenericData.Record(avro);
            this.fields = new UnaryOperator[avro.getFields().size()];
            for (Schema.Field f : avro.getFields()) {
                fields[f.pos()] = toAvro(f.schema());
            }
        }

        @Override
        public byte[] encode(StreamRecord r) throws IOException {
            io.velostream.engine.record.Schema s = r.schema();
            if (s != slotsOf || s.size() != slotsOfSize) {
                slots = new int[fields.length];
                for (Schema.Field f : avro.getFields()) {
                    slots[f.pos()] = s.slotOf(f.name());
                }
                slotsOf = s;
                slotsOfSize = s.size();
            }
            try {
                // One record instance per writer: it is fully overwritten and serialized before the next.
                for (int i = 0; i < fields.length; i++) {
                    record.put(i, slots[i] < 0 ? null : fields[i].apply(r.value(slots[i])));
                }
                buffer.reset();
                buffer.write(header);
                encoder = EncoderFactory.get().directBinaryEncoder(buffer, encoder);
                writer.write(record, encoder);
            } catch (RuntimeException e) {
                throw new IOException("cannot encode " + r.position() + " as Avro: " + e.getMessage(), e);
            }
            return buffer.take(); // binary: a last byte 10 is data, not a line end
        }
    }

    /**
     * An Avro record schema for a sink's records (docs/formats.md#schema-registry): every field nullable with
     * default null, BOOLEAN → boolean, INTEGER → long, FLOAT → double, TIMESTAMP → timestamp-millis,
     * DATE → date, any other type → string (its display text; DECIMAL keeps its exact digits).
     */
    static Schema derive(String name, io.velostream.engine.record.Schema sql) {
        SchemaBuilder.FieldAssembler<Schema> fields = SchemaBuilder.record(name).namespace("io.velostream").fields();
        for (int i = 0; i < sql.size(); i++) {
            Schema type = switch (sql.type(i)) {
                case BOOLEAN -> Schema.create(Schema.Type.BOOLEAN);
                case INTEGER -> Schema.create(Schema.Type.LONG);
                case FLOAT -> Schema.create(Schema.Type.DOUBLE);
                case TIMESTAMP -> LogicalTypes.timestampMillis().addToSchema(Schema.create(Schema.Type.LONG));
                case DATE -> LogicalTypes.date().addToSchema(Schema.create(Schema.Type.INT));
                default -> Schema.create(Schema.Type.STRING);
            };
            fields = fields.name(sql.name(i)).type(Schema.createUnion(Schema.create(Schema.Type.NULL), type))
                    .withDefault(null);
        }
        return fields.endRecord();
    }

    static SqlType sqlType(Schema s) {
        LogicalType logical = s.getLogicalType();
        switch (s.getType()) {
            case NULL: return SqlType.NULL;
            case BOOLEAN: return SqlType.BOOLEAN;
            case INT: return logical instanceof LogicalTypes.Date ? SqlType.DATE : SqlType.INTEGER;
            case LONG: return isTimestamp(logical) ? SqlType.TIMESTAMP : SqlType.INTEGER;
            case FLOAT: case DOUBLE: return SqlType.FLOAT;
            case STRING: case ENUM: return SqlType.STRING;
            case BYTES: case FIXED: return logical instanceof LogicalTypes.Decimal ? SqlType.DECIMAL : SqlType.STRING;
            case ARRAY: return SqlType.ARRAY;
            case MAP: return SqlType.MAP;
            case RECORD: return SqlType.STRUCT;
            default: { // UNION
                Schema only = nonNullBranch(s);
                return only == null ? SqlType.ANY : sqlType(only);
            }
        }
    }

    private static boolean isTimestamp(LogicalType t) {
        return t instanceof LogicalTypes.TimestampMillis || t instanceof LogicalTypes.TimestampMicros;
    }

    /** The one branch of a union that is not null, or null when there are several. */
    private static Schema nonNullBranch(Schema union) {
        Schema only = null;
        for (Schema b : union.getTypes()) {
            if (b.getType() != Schema.Type.NULL) {
                if (only != null) {
                    return null;
                }
                only = b;
            }
        }
        return only;
    }

    /** Avro datum → SQL value, null-safe. */
    static UnaryOperator<Object> toSql(Schema s) {
        UnaryOperator<Object> f = toSqlNonNull(s);
        return v -> v == null ? null : f.apply(v);
    }

    private static UnaryOperator<Object> toSqlNonNull(Schema s) {
        LogicalType logical = s.getLogicalType();
        switch (s.getType()) {
            case NULL:
                return v -> null;
            case INT:
                return logical instanceof LogicalTypes.Date ? v -> LocalDate.ofEpochDay((Integer) v) : v -> ((Integer) v).longValue();
            case LONG:
                if (logical instanceof LogicalTypes.TimestampMillis) {
                    return v -> Instant.ofEpochMilli((Long) v);
                }
                if (logical instanceof LogicalTypes.TimestampMicros) {
                    return v -> Instant.EPOCH.plus((Long) v, ChronoUnit.MICROS);
                }
                return v -> v;
            case FLOAT:
                return v -> ((Float) v).doubleValue();
            case STRING: case ENUM:
                return Object::toString; // Utf8 and enum symbols
            case BYTES:
                if (logical instanceof LogicalTypes.Decimal) {
                    return v -> Decimal.valueOf(DECIMALS.fromBytes((ByteBuffer) v, s, logical));
                }
                return v -> Base64.getEncoder().encodeToString(bytes((ByteBuffer) v));
            case FIXED:
                if (logical instanceof LogicalTypes.Decimal) {
                    return v -> Decimal.valueOf(DECIMALS.fromFixed((GenericFixed) v, s, logical));
                }
                return v -> Base64.getEncoder().encodeToString(((GenericFixed) v).bytes());
            case ARRAY: {
                UnaryOperator<Object> element = toSql(s.getElementType());
                return v -> {
                    Collection<?> in = (Collection<?>) v;
                    List<Object> out = new ArrayList<>(in.size());
                    for (Object e : in) {
                        out.add(element.apply(e));
                    }
                    return out;
                };
            }
            case MAP: {
                UnaryOperator<Object> value = toSql(s.getValueType());
                return v -> {
                    Map<String, Object> out = new LinkedHashMap<>();
                    ((Map<?, ?>) v).forEach((k, e) -> out.put(k.toString(), value.apply(e)));
                    return out;
                };
            }
            case RECORD: {
                List<Schema.Field> fs = s.getFields();
                List<UnaryOperator<Object>> convs = fs.stream().map(f -> toSql(f.schema())).toList();
                return v -> {
                    GenericRecord in = (GenericRecord) v;
                    Map<String, Object> out = new LinkedHashMap<>();
                    for (int i = 0; i < fs.size(); i++) {
                        out.put(fs.get(i).name(), convs.get(i).apply(in.get(i)));
                    }
                    return out;
                };
            }
            case UNION: {
                Schema only = nonNullBranch(s);
                if (only != null) {
                    return toSqlNonNull(only);
                }
                List<UnaryOperator<Object>> branches = s.getTypes().stream().map(AvroFormat::toSqlNonNull).toList();
                return v -> branches.get(GenericData.get().resolveUnion(s, v)).apply(v);
            }
            default: // BOOLEAN, DOUBLE
                return v -> v;
        }
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }

    /** SQL value → Avro datum of schema {@code s}, null-safe. */
    static UnaryOperator<Object> toAvro(Schema s) {
        UnaryOperator<Object> f = toAvroNonNull(s);
        return v -> v == null ? null : f.apply(v);
    }

    private static UnaryOperator<Object> toAvroNonNull(Schema s) {
        LogicalType logical = s.getLogicalType();
        switch (s.getType()) {
            case NULL:
                return v -> {
                    throw new AvroRuntimeException("expected null but found " + Values.typeOf(v));
                };
            case BOOLEAN:
                return Coercions::toBoolean;
            case INT:
                if (logical instanceof LogicalTypes.Date) {
                    return v -> Math.toIntExact(Coercions.toDate(v).toEpochDay());
                }
                return v -> Math.toIntExact(Coercions.toLong(v));
            case LONG:
                if (logical instanceof LogicalTypes.TimestampMillis) {
                    return v -> Coercions.toTimestamp(v).toEpochMilli();
                }
                if (logical instanceof LogicalTypes.TimestampMicros) {
                    return v -> ChronoUnit.MICROS.between(Instant.EPOCH, Coercions.toTimestamp(v));
                }
                return Coercions::toLong;
            case FLOAT:
                return v -> Coercions.toDouble(v).floatValue();
            case DOUBLE:
                return Coercions::toDouble;
            case STRING:
                return Values::toDisplayString;
            case ENUM:
                return v -> new GenericData.EnumSymbol(s, Values.toDisplayString(v));
            case BYTES:
                if (logical instanceof LogicalTypes.Decimal d) {
                    return v -> DECIMALS.toBytes(scaled(v, d), s, logical);
                }
                return v -> ByteBuffer.wrap(Base64.getDecoder().decode(Values.toDisplayString(v)));
            case FIXED:
                if (logical instanceof LogicalTypes.Decimal d) {
                    return v -> DECIMALS.toFixed(scaled(v, d), s, logical);
                }
                return v -> new GenericData.Fixed(s, Base64.getDecoder().decode(Values.toDisplayString(v)));
            case ARRAY: {
                UnaryOperator<Object> element = toAvro(s.getElementType());
                return v -> {
                    List<?> in = (List<?>) v;
                    List<Object> out = new ArrayList<>(in.size());
                    for (Object e : in) {
                        out.add(element.apply(e));
                    }
                    return out;
                };
            }
            case MAP: {
                UnaryOperator<Object> value = toAvro(s.getValueType());
                return v -> {
                    Map<String, Object> out = new LinkedHashMap<>();
                    ((Map<?, ?>) v).forEach((k, e) -> out.put(String.valueOf(k), value.apply(e)));
                    return out;
                };
            }
            case RECORD: {
                List<Schema.Field> fs = s.getFields();
                List<UnaryOperator<Object>> convs = fs.stream().map(f -> toAvro(f.schema())).toList();
                return v -> {
                    Map<?, ?> in = (Map<?, ?>) v;
                    GenericData.Record out = new GenericData.Record(s);
                    for (int i = 0; i < fs.size(); i++) {
                        out.put(i, convs.get(i).apply(in.get(fs.get(i).name())));
                    }
                    return out;
                };
            }
            default: { // UNION
                Schema only = nonNullBranch(s);
                if (only != null) {
                    return toAvroNonNull(only);
                }
                // Several branches: the first whose SQL type is the value's, else the first non-null one.
                List<Schema> branches = s.getTypes().stream().filter(b -> b.getType() != Schema.Type.NULL).toList();
                List<UnaryOperator<Object>> convs = branches.stream().map(AvroFormat::toAvroNonNull).toList();
                return v -> {
                    SqlType t = Values.typeOf(v);
                    for (int i = 0; i < branches.size(); i++) {
                        if (sqlType(branches.get(i)) == t) {
                            return convs.get(i).apply(v);
                        }
                    }
                    return convs.get(0).apply(v);
                };
            }
        }
    }

    /** A value as a BigDecimal at the logical type's scale, rounded half-up. */
    private static java.math.BigDecimal scaled(Object v, LogicalTypes.Decimal type) {
        return Coercions.toDecimal(v).setScale(type.getScale(), RoundingMode.HALF_UP).toBigDecimal();
    }
}
