package io.velostream.engine.internal.io.kafka;

import com.google.protobuf.AnyProto;
import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumDescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumValueDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.MessageOptions;
import com.google.protobuf.DescriptorProtos.OneofDescriptorProto;
import com.google.protobuf.Descriptors;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.DurationProto;
import com.google.protobuf.EmptyProto;
import com.google.protobuf.FieldMaskProto;
import com.google.protobuf.StructProto;
import com.google.protobuf.TimestampProto;
import com.google.protobuf.WrappersProto;
import com.squareup.wire.Syntax;
import com.squareup.wire.schema.Field;
import com.squareup.wire.schema.Location;
import com.squareup.wire.schema.internal.parser.EnumConstantElement;
import com.squareup.wire.schema.internal.parser.EnumElement;
import com.squareup.wire.schema.internal.parser.FieldElement;
import com.squareup.wire.schema.internal.parser.MessageElement;
import com.squareup.wire.schema.internal.parser.OneOfElement;
import com.squareup.wire.schema.internal.parser.ProtoFileElement;
import com.squareup.wire.schema.internal.parser.ProtoParser;
import com.squareup.wire.schema.internal.parser.TypeElement;
import io.velostream.engine.record.Schema;
import io.velostream.engine.record.SqlType;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Protobuf schemas of the registry (docs/formats.md#schema-registry): {@code .proto} text parsed by Wire's parser,
 * turned into a {@code FileDescriptorProto} and linked by protobuf-java (which resolves the type names as protoc
 * does); the SQL types of fields; and the {@code .proto} a sink derives from its records' SQL schema.
 */
final class ProtoSchemas {
    /** The well-known types a schema may import; other imports (schema references) are not supported. */
    private static final Map<String, Descriptors.FileDescriptor> WELL_KNOWN = List.of(
            TimestampProto.getDescriptor(), DurationProto.getDescriptor(), WrappersProto.getDescriptor(),
            StructProto.getDescriptor(), EmptyProto.getDescriptor(), AnyProto.getDescriptor(),
            FieldMaskProto.getDescriptor()).stream()
            .collect(Collectors.toUnmodifiableMap(Descriptors.FileDescriptor::getName, Function.identity()));
    private static final String TIMESTAMP = "google.protobuf.Timestamp";

    private ProtoSchemas() {
    }

    /**
     * The file a {@code .proto} text describes.
     *
     * @throws IllegalArgumentException when the text is not a valid, self-contained schema
     */
    static Descriptors.FileDescriptor parse(String text) {
        ProtoFileElement file;
        try {
            file = ProtoParser.Companion.parse(Location.get("schema.proto"), text);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a valid .proto schema: " + e.getMessage(), e);
        }
        boolean proto3 = file.getSyntax() == Syntax.PROTO_3;
        FileDescriptorProto.Builder proto = FileDescriptorProto.newBuilder().setName("schema.proto")
                .setSyntax(proto3 ? "proto3" : "proto2");
        if (file.getPackageName() != null) {
            proto.setPackage(file.getPackageName());
        }
        List<Descriptors.FileDescriptor> dependencies = new ArrayList<>();
        List<String> imports = new ArrayList<>(file.getImports());
        imports.addAll(file.getPublicImports());
        for (String i : imports) {
            Descriptors.FileDescriptor d = WELL_KNOWN.get(i);
            if (d == null) {
                throw new IllegalArgumentException("the schema imports '" + i + "': only google/protobuf well-known"
                        + " types can be imported (schema references are not supported)");
            }
            proto.addDependency(i);
            dependencies.add(d);
        }
        for (TypeElement t : file.getTypes()) {
            if (t instanceof MessageElement m) {
                proto.addMessageType(message(m, proto3));
            } else if (t instanceof EnumElement e) {
                proto.addEnumType(enumType(e));
            }
        }
        try {
            return Descriptors.FileDescriptor.buildFrom(proto.build(), dependencies.toArray(Descriptors.FileDescriptor[]::new));
        } catch (Descriptors.DescriptorValidationException e) {
            throw new IllegalArgumentException("invalid .proto schema: " + e.getMessage(), e);
        }
    }

    private static DescriptorProto message(MessageElement m, boolean proto3) {
        DescriptorProto.Builder b = DescriptorProto.newBuilder().setName(m.getName());
        for (TypeElement t : m.getNestedTypes()) {
            if (t instanceof MessageElement nested) {
                b.addNestedType(message(nested, proto3));
            } else if (t instanceof EnumElement e) {
                b.addEnumType(enumType(e));
            }
        }
        List<OneOfElement> oneOfs = m.getOneOfs();
        for (OneOfElement o : oneOfs) {
            b.addOneofDecl(OneofDescriptorProto.newBuilder().setName(o.getName()));
        }
        List<String> synthetic = new ArrayList<>();
        for (FieldElement f : m.getFields()) {
            FieldDescriptorProto.Builder field = field(f, b);
            if (proto3 && f.getLabel() == Field.Label.OPTIONAL) {
                // proto3 'optional': a synthetic oneof, declared after the real ones, gives the field presence (as protoc does)
                field.setProto3Optional(true).setOneofIndex(oneOfs.size() + synthetic.size());
                synthetic.add("_" + f.getName());
            }
            b.addField(field);
        }
        for (int i = 0; i < oneOfs.size(); i++) {
            for (FieldElement f : oneOfs.get(i).getFields()) {
                b.addField(field(f, b).setOneofIndex(i));
            }
        }
        for (String name : synthetic) {
            b.addOneofDecl(OneofDescriptorProto.newBuilder().setName(name));
        }
        return b.build();
    }

    /** A field; a map field adds its entry message to {@code message}, as protoc does. */
    private static FieldDescriptorProto.Builder field(FieldElement f, DescriptorProto.Builder message) {
        FieldDescriptorProto.Builder b = FieldDescriptorProto.newBuilder().setName(f.getName()).setNumber(f.getTag())
                .setLabel(f.getLabel() == Field.Label.REPEATED ? FieldDescriptorProto.Label.LABEL_REPEATED
                        : f.getLabel() == Field.Label.REQUIRED ? FieldDescriptorProto.Label.LABEL_REQUIRED
                        : FieldDescriptorProto.Label.LABEL_OPTIONAL);
        String type = f.getType().replace(" ", "");
        if (type.startsWith("map<") && type.endsWith(">")) {
            String[] kv = type.substring(4, type.length() - 1).split(",", 2);
            String entry = Character.toUpperCase(f.getName().charAt(0)) + camel(f.getName().substring(1)) + "Entry";
            message.addNestedType(DescriptorProto.newBuilder().setName(entry)
                    .setOptions(MessageOptions.newBuilder().setMapEntry(true))
                    .addField(typed(FieldDescriptorProto.newBuilder().setName("key").setNumber(1)
                            .setLabel(FieldDescriptorProto.Label.LABEL_OPTIONAL), kv[0]))
                    .addField(typed(FieldDescriptorProto.newBuilder().setName("value").setNumber(2)
                            .setLabel(FieldDescriptorProto.Label.LABEL_OPTIONAL), kv[1])));
            return b.setLabel(FieldDescriptorProto.Label.LABEL_REPEATED).setTypeName(entry);
        }
        return typed(b, type);
    }

    /** A scalar type by its keyword; any other name is a message or enum that linking resolves. */
    private static FieldDescriptorProto.Builder typed(FieldDescriptorProto.Builder b, String type) {
        try {
            return b.setType(FieldDescriptorProto.Type.valueOf("TYPE_" + type.toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException notScalar) {
            return b.setTypeName(type);
        }
    }

    private static String camel(String s) {
        StringBuilder out = new StringBuilder();
        boolean upper = false;
        for (char c : s.toCharArray()) {
            if (c == '_') {
                upper = true;
            } else {
                out.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return out.toString();
    }

    private static EnumDescriptorProto enumType(EnumElement e) {
        EnumDescriptorProto.Builder b = EnumDescriptorProto.newBuilder().setName(e.getName());
        for (EnumConstantElement c : e.getConstants()) {
            b.addValue(EnumValueDescriptorProto.newBuilder().setName(c.getName()).setNumber(c.getTag()));
        }
        return b.build();
    }

    /** The message a Confluent message-index path names: indexes into top-level, then nested, messages. */
    static Descriptors.Descriptor message(Descriptors.FileDescriptor file, int[] path) {
        List<Descriptors.Descriptor> scope = file.getMessageTypes();
        Descriptors.Descriptor d = null;
        for (int i : path) {
            if (i < 0 || i >= scope.size()) {
                return null;
            }
            d = scope.get(i);
            scope = d.getNestedTypes();
        }
        return d;
    }

    /** The message-index path of a message (its indexes from the top level down). */
    static int[] path(Descriptors.Descriptor message) {
        List<Integer> out = new ArrayList<>();
        for (Descriptors.Descriptor d = message; d != null; d = d.getContainingType()) {
            out.add(0, d.getIndex());
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The SQL columns of a message: its fields, in order. */
    static Schema columns(Descriptors.Descriptor message) {
        List<String> names = new ArrayList<>();
        List<SqlType> types = new ArrayList<>();
        for (FieldDescriptor f : message.getFields()) {
            names.add(f.getName());
            types.add(sqlType(f));
        }
        return Schema.of(names, types);
    }

    /**
     * Integers → INTEGER, float/double → FLOAT, bool → BOOLEAN, string, bytes (Base64) and enums (the name) → STRING,
     * {@code google.protobuf.Timestamp} → TIMESTAMP, other messages → STRUCT, repeated → ARRAY, maps → MAP.
     */
    static SqlType sqlType(FieldDescriptor f) {
        if (f.isMapField()) {
            return SqlType.MAP;
        }
        if (f.isRepeated()) {
            return SqlType.ARRAY;
        }
        return switch (f.getJavaType()) {
            case INT, LONG -> SqlType.INTEGER;
            case FLOAT, DOUBLE -> SqlType.FLOAT;
            case BOOLEAN -> SqlType.BOOLEAN;
            case STRING, BYTE_STRING, ENUM -> SqlType.STRING;
            case MESSAGE -> isTimestamp(f.getMessageType()) ? SqlType.TIMESTAMP : SqlType.STRUCT;
        };
    }

    static boolean isTimestamp(Descriptors.Descriptor message) {
        return TIMESTAMP.equals(message.getFullName());
    }

    /**
     * A proto3 message for a sink's records (docs/formats.md#schema-registry): every field {@code optional} (so NULL
     * stays NULL), BOOLEAN → bool, INTEGER → int64, FLOAT → double, TIMESTAMP → google.protobuf.Timestamp, any other
     * type → string (its display text; DECIMAL keeps its exact digits). Column names Protobuf cannot hold are refused.
     */
    static String derive(String name, Schema sql) {
        StringBuilder fields = new StringBuilder();
        boolean timestamp = false;
        for (int i = 0; i < sql.size(); i++) {
            String column = sql.name(i);
            if (!column.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw new IllegalArgumentException("column '" + column + "' is not a valid Protobuf field name; rename it with AS");
            }
            String type = switch (sql.type(i)) {
                case BOOLEAN -> "bool";
                case INTEGER -> "int64";
                case FLOAT -> "double";
                case TIMESTAMP -> TIMESTAMP;
                default -> "string";
            };
            timestamp |= sql.type(i) == SqlType.TIMESTAMP;
            fields.append("  optional ").append(type).append(' ').append(column).append(" = ").append(i + 1).append(";\n");
        }
        return "syntax = \"proto3\";\npackage io.velostream;\n"
                + (timestamp ? "import \"google/protobuf/timestamp.proto\";\n" : "")
                + "\nmessage " + name + " {\n" + fields + "}\n";
    }
}
