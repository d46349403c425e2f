package io.velostream.engine.internal.io.kafka;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Descriptors;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Timestamp;
import io.velostream.engine.internal.io.format.DecodeException;
import io.velostream.engine.record.Coercions;
import io.velostream.engine.record.Schema;
import io.velostream.engine.record.StreamRecord;
import io.velostream.engine.record.Values;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Protobuf values in the Confluent wire format (docs/formats.md#schema-registry): the framing, the message-index
 * path of the written message (zig-zag varints: a count, then the indexes; a lone 0 means the first message), then
 * the Protobuf bytes. Decoded with {@link DynamicMessage} by the writer's schema, fetched by id.
 */
final class RegistryProtobuf {
    /** The message-index bytes of the first message: an empty path. */
    private static final byte[] FIRST_MESSAGE = {0};

    private RegistryProtobuf() {
    }

    /**
     * Decodes into the columns of the subject's first message when the source started. Each value is read with its
     * own writer schema and its fields matched to the columns by name: a field the columns lack is skipped, a column
     * the message lacks (or a field with presence that is not set) is NULL (docs/formats.md#schema-registry).
     */
    static final class Decoder implements ValueDecoder {
        private final Schema schema;
        private final RegistryWire.WriterSchemas<Descriptors.FileDescriptor> files;
        /** The column slot of each field of a writer message, -1 for none; by message, as parsed once per id. */
        private final Map<Descriptors.Descriptor, int[]> slots = new IdentityHashMap<>();

        Decoder(SchemaRegistryClient registry, Schema schema) {
            this.schema = schema;
            this.files = new RegistryWire.WriterSchemas<>(registry, "PROTOBUF", writer -> {
                try {
                    return ProtoSchemas.parse(writer.schema());
                } catch (IllegalArgumentException e) {
                    throw new DecodeException("schema id " + writer.id() + ": " + e.getMessage());
                }
            });
        }

        @Override
        public Schema schema() {
            return schema;
        }

        @Override
        public Object[] decode(byte[] value) throws DecodeException {
            if (value == null) {
                return NO_VALUES;
            }
            Descriptors.FileDescriptor file = files.of(value);
            CodedInputStream in = CodedInputStream.newInstance(value, RegistryWire.HEADER, value.length - RegistryWire.HEADER);
            DynamicMessage message;
            try {
                Descriptors.Descriptor type = messageType(file, in);
                message = DynamicMessage.parseFrom(type, in);
            } catch (InvalidProtocolBufferException e) {
                throw new DecodeException("not a Protobuf message of schema id " + RegistryWire.schemaId(value) + ": "
                        + e.getMessage());
            } catch (IOException e) { // a byte array source does no I/O
                throw new DecodeException("cannot read Protobuf: " + e.getMessage());
            }
            List<FieldDescriptor> fields = message.getDescriptorForType().getFields();
            int[] slotOf = slots.computeIfAbsent(message.getDescriptorForType(), this::slots);
            Object[] values = new Object[schema.size()];
            for (int i = 0; i < slotOf.length; i++) {
                if (slotOf[i] >= 0) {
                    values[slotOf[i]] = sqlField(message, fields.get(i));
                }
            }
            return values;
        }

        private Descriptors.Descriptor messageType(Descriptors.FileDescriptor file, CodedInputStream in)
                throws IOException, DecodeException {
            int count = in.readSInt32();
            if (count == 0 && !file.getMessageTypes().isEmpty()) {
                return file.getMessageTypes().get(0);
            }
            if (count < 0 || count > 100) {
                throw new DecodeException("not a Protobuf schema-registry value: message-index count " + count);
            }
            int[] path = new int[count];
            for (int i = 0; i < count; i++) {
                path[i] = in.readSInt32();
            }
            Descriptors.Descriptor type = ProtoSchemas.message(file, path);
            if (type == null) {
                throw new DecodeException("the schema has no message at index path " + java.util.Arrays.toString(path));
            }
            return type;
        }

        private int[] slots(Descriptors.Descriptor message) {
            if (slots.size() >= SchemaRegistryClient.CACHE_SIZE) {
                slots.clear();
            }
            List<FieldDescriptor> fields = message.getFields();
            int[] out = new int[fields.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = schema.slotOf(fields.get(i).getName());
            }
            return out;
        }
    }

    /** A field's SQL value: NULL when it has presence and is not set (docs/formats.md#schema-registry). */
    private static Object sqlField(Message m, FieldDescriptor f) {
        if (f.hasPresence() && !m.hasField(f)) {
            return null;
        }
        Object v = m.getField(f);
        if (f.isMapField()) {
            Map<String, Object> out = new LinkedHashMap<>();
            FieldDescriptor key = f.getMessageType().findFieldByNumber(1);
            FieldDescriptor val = f.getMessageType().findFieldByNumber(2);
            for (Object e : (List<?>) v) {
                Message entry = (Message) e;
                out.put(String.valueOf(sqlValue(key, entry.getField(key))), sqlField(entry, val));
            }
            return out;
        }
        if (f.isRepeated()) {
            List<?> in = (List<?>) v;
            List<Object> out = new ArrayList<>(in.size());
            for (Object e : in) {
                out.add(sqlValue(f, e));
            }
            return out;
        }
        return sqlValue(f, v);
    }

    private static Object sqlValue(FieldDescriptor f, Object v) {
        return switch (f.getJavaType()) {
            case INT -> f.getType() == FieldDescriptor.Type.UINT32 || f.getType() == FieldDescriptor.Type.FIXED32
                    ? Integer.toUnsignedLong((Integer) v) : (long) (Integer) v;
            case FLOAT -> (double) (Float) v;
            case BYTE_STRING -> Base64.getEncoder().encodeToString(((ByteString) v).toByteArray());
            case ENUM -> ((Descriptors.EnumValueDescriptor) v).getName();
            case MESSAGE -> {
                Message m = (Message) v;
                if (ProtoSchemas.isTimestamp(f.getMessageType())) {
                    FieldDescriptor seconds = m.getDescriptorForType().findFieldByNumber(1);
                    FieldDescriptor nanos = m.getDescriptorForType().findFieldByNumber(2);
                    yield Instant.ofEpochMilli((Long) m.getField(seconds) * 1000 + (Integer) m.getField(nanos) / 1_000_000);
                }
                Map<String, Object> struct = new LinkedHashMap<>();
                for (FieldDescriptor nested : m.getDescriptorForType().getFields()) {
                    struct.put(nested.getName(), sqlField(m, nested));
                }
                yield struct;
            }
            default -> v; // Long, Double, Boolean, String
        };
    }

    /**
     * Encodes the first message of a {@code .proto} registered under the sink's subject: the given one, or one
     * derived from the records (named {@code recordName}, package {@code io.velostream}). Fields are filled from the
     * columns of the same name; a missing or NULL column leaves the field unset.
     */
    static final class Encoder extends RegistryWire.RegisteringEncoder<String> {
        private final String recordName;
        private final ValueEncoders.Buffer buffer;
        private Descriptors.Descriptor message;
        private byte[] prefix;
        private Schema slotsOf;
        private int slotsOfSize;
        private int[] slots;

        /** @param given the sink's {@code .proto} text, or null to derive one */
        Encoder(SchemaRegistryClient registry, String topicSubject, boolean recordNameStrategy, String recordName,
                String given, ValueEncoders.Buffer buffer) throws IOException {
            super(registry, topicSubject, recordNameStrategy, "PROTOBUF", given);
            this.recordName = recordName;
            this.buffer = buffer;
            start();
        }

        @Override
        String derive(Schema sql) throws IOException {
            try {
                return ProtoSchemas.derive(recordName, sql);
            } catch (IllegalArgumentException e) {
                throw new IOException("cannot derive a Protobuf schema for sink '" + recordName + "': " + e.getMessage(), e);
            }
        }

        @Override
        String recordName(String schema) {
            return first(schema).getFullName();
        }

        @Override
        String text(String schema) {
            return schema;
        }

        @Override
        void prepare(String schema, byte[] header) {
            message = first(schema);
            prefix = new byte[header.length + FIRST_MESSAGE.length];
            System.arraycopy(header, 0, prefix, 0, header.length);
            System.arraycopy(FIRST_MESSAGE, 0, prefix, header.length, FIRST_MESSAGE.length);
            slotsOf = null;
        }

        private static Descriptors.Descriptor first(String schema) {
            Descriptors.FileDescriptor file = ProtoSchemas.parse(schema);
            if (file.getMessageTypes().isEmpty()) {
                throw new IllegalArgumentException("the Protobuf schema declares no message");
            }
            return file.getMessageTypes().get(0);
        }

        @Override
        byte[] write(StreamRecord r) throws IOException {
            Schema s = r.schema();
            List<FieldDescriptor> fields = message.getFields();
            if (s != slotsOf || s.size() != slotsOfSize) {
                slots = new int[fields.size()];
                for (int i = 0; i < slots.length; i++) {
                    slots[i] = s.slotOf(fields.get(i).getName());
                }
                slotsOf = s;
                slotsOfSize = s.size();
            }
            DynamicMessage.Builder b = DynamicMessage.newBuilder(message);
            try {
                for (int i = 0; i < slots.length; i++) {
                    Object v = slots[i] < 0 ? null : r.value(slots[i]);
                    if (v != null) {
                        b.setField(fields.get(i), protoField(fields.get(i), v));
                    }
                }
                buffer.reset();
                buffer.write(prefix);
                CodedOutputStream out = CodedOutputStream.newInstance(buffer);
                b.build().writeTo(out);
                out.flush();
            } catch (RuntimeException e) {
                throw new IOException("cannot encode " + r.position() + " as Protobuf " + message.getFullName() + ": "
                        + e.getMessage(), e);
            }
            return buffer.take();
        }
    }

    /** A SQL value as the field's Protobuf value. */
    private static Object protoField(FieldDescriptor f, Object v) {
        if (f.isMapField()) {
            Descriptors.Descriptor entry = f.getMessageType();
            List<Message> out = new ArrayList<>();
            for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                DynamicMessage.Builder b = DynamicMessage.newBuilder(entry)
                        .setField(entry.findFieldByNumber(1), protoValue(entry.findFieldByNumber(1), e.getKey()));
                if (e.getValue() != null) {
                    b.setField(entry.findFieldByNumber(2), protoValue(entry.findFieldByNumber(2), e.getValue()));
                }
                out.add(b.build());
            }
            return out;
        }
        if (f.isRepeated()) {
            List<Object> out = new ArrayList<>();
            for (Object e : (List<?>) v) {
                out.add(protoValue(f, e));
            }
            return out;
        }
        return protoValue(f, v);
    }

    private static Object protoValue(FieldDescriptor f, Object v) {
        return switch (f.getJavaType()) {
            case INT -> Coercions.toLong(v).intValue();
            case LONG -> Coercions.toLong(v);
            case FLOAT -> Coercions.toDouble(v).floatValue();
            case DOUBLE -> Coercions.toDouble(v);
            case BOOLEAN -> Coercions.toBoolean(v);
            case STRING -> Values.toDisplayString(v);
            case BYTE_STRING -> ByteString.copyFrom(Base64.getDecoder().decode(Values.toDisplayString(v)));
            case ENUM -> {
                Descriptors.EnumValueDescriptor e = f.getEnumType().findValueByName(Values.toDisplayString(v));
                if (e == null) {
                    throw new IllegalArgumentException("'" + Values.toDisplayString(v) + "' is not a value of enum "
                            + f.getEnumType().getFullName());
                }
                yield e;
            }
            case MESSAGE -> {
                if (ProtoSchemas.isTimestamp(f.getMessageType())) {
                    Instant t = Coercions.toTimestamp(v);
                    yield Timestamp.newBuilder().setSeconds(t.getEpochSecond()).setNanos(t.getNano()).build();
                }
                if (!(v instanceof Map<?, ?> struct)) {
                    throw new IllegalArgumentException("field '" + f.getName() + "' needs a STRUCT, not '"
                            + Values.toDisplayString(v) + "'");
                }
                DynamicMessage.Builder b = DynamicMessage.newBuilder(f.getMessageType());
                for (FieldDescriptor nested : f.getMessageType().getFields()) {
                    Object n = struct.get(nested.getName());
                    if (n != null) {
                        b.setField(nested, protoField(nested, n));
                    }
                }
                yield b.build();
            }
        };
    }
}
