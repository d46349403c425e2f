package io.velostream.engine.internal.function.builtin;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.velostream.engine.function.ScalarFunction;
import io.velostream.engine.record.Decimal;
import io.velostream.engine.record.SqlType;
import io.velostream.engine.record.ValueException;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * JSON_EXTRACT, JSON_VALUE, JSON_QUERY, JSON_EXISTS over a JSON string. The document is streamed:
 * only the node the path reaches is materialised, the rest is skipped but still checked, so
 * malformed JSON is a record error whatever the path.
 *
 * <p>Paths: {@code $} followed by {@code .name}, {@code ['name']} (or double quotes) and
 * {@code [n]} (0-based) steps. A path that does not lead anywhere gives NULL (JSON_EXISTS: false).
 */
final class JsonFunctions {
    private JsonFunctions() {
    }

    private static final JsonFactory JSON = new JsonFactory();
    /** A path is its steps: a String for a field, an Integer for an array index. */
    private static final Compiled<Object[]> PATHS = new Compiled<>(t -> path(t[0]));

    /** Reads the node the parser stands on. */
    @FunctionalInterface
    private interface Reader {
        Object read(JsonParser p) throws IOException;
    }

    static List<ScalarFunction> all() {
        return List.of(
                json("JSON_EXTRACT", SqlType.ANY, null, p -> p.currentToken().isStructStart() ? text(p) : scalar(p)),
                json("JSON_VALUE", SqlType.STRING, null, p -> p.currentToken().isScalarValue() && p.currentToken() != JsonToken.VALUE_NULL
                        ? p.getText() : null),
                json("JSON_QUERY", SqlType.STRING, null, p -> p.currentToken().isStructStart() ? text(p) : null),
                json("JSON_EXISTS", SqlType.BOOLEAN, false, p -> true));
    }

    private static Def json(String name, SqlType type, Object absent, Reader reader) {
        return Def.of(name, 2, c -> {
            var path = PATHS.bind(c.expect(0, SqlType.STRING).expect(1, SqlType.STRING), 1);
            return Bound.strictN(c.result(type), a -> query(c.name, StringFunctions.str(a[0]), path.apply(a), absent, reader));
        });
    }

    private static Object query(String fn, String json, Object[] path, Object absent, Reader reader) {
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() == null) {
                throw new ValueException(fn + " invalid JSON: empty document");
            }
            Object result = navigate(p, path) ? reader.read(p) : absent;
            p.skipChildren();
            while (p.nextToken() != null) {
                // read to the end so malformed JSON after the node is still an error
            }
            return result;
        } catch (JsonProcessingException e) {
            throw new ValueException(fn + " invalid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ValueException(fn + " cannot read JSON: " + e.getMessage(), e);
        }
    }

    /** Moves to the node the path names; false when there is none. */
    private static boolean navigate(JsonParser p, Object[] path) throws IOException {
        for (Object step : path) {
            JsonToken t = p.currentToken();
            if (step instanceof String name) {
                if (t != JsonToken.START_OBJECT) {
                    return false;
                }
                while (true) {
                    if (p.nextToken() == JsonToken.END_OBJECT) {
                        return false;
                    }
                    String field = p.currentName();
                    p.nextToken();
                    if (field.equals(name)) {
                        break;
                    }
                    p.skipChildren();
                }
            } else {
                int index = (Integer) step;
                if (t != JsonToken.START_ARRAY) {
                    return false;
                }
                for (int i = 0; ; i++) {
                    if (p.nextToken() == JsonToken.END_ARRAY) {
                        return false;
                    }
                    if (i == index) {
                        break;
                    }
                    p.skipChildren();
                }
            }
        }
        return true;
    }

    /** A scalar as a SQL value: numbers with a fraction or exponent are exact DECIMALs. */
    private static Object scalar(JsonParser p) throws IOException {
        return switch (p.currentToken()) {
            case VALUE_STRING -> p.getText();
            case VALUE_NUMBER_INT -> p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                    ? Decimal.valueOf(new BigDecimal(p.getBigIntegerValue())) : (Object) p.getLongValue();
            case VALUE_NUMBER_FLOAT -> Decimal.parse(p.getText());
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            default -> null;
        };
    }

    /** The compact JSON text of the object or array the parser stands on; numbers keep their text. */
    private static String text(JsonParser p) throws IOException {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            int depth = 0;
            do {
                JsonToken t = p.currentToken();
                switch (t) {
                    case START_OBJECT -> { g.writeStartObject(); depth++; }
                    case START_ARRAY -> { g.writeStartArray(); depth++; }
                    case END_OBJECT -> { g.writeEndObject(); depth--; }
                    case END_ARRAY -> { g.writeEndArray(); depth--; }
                    case FIELD_NAME -> g.writeFieldName(p.currentName());
                    case VALUE_STRING -> g.writeString(p.getText());
                    case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> g.writeNumber(p.getText());
                    case VALUE_TRUE, VALUE_FALSE -> g.writeBoolean(t == JsonToken.VALUE_TRUE);
                    default -> g.writeNull();
                }
            } while (depth > 0 && p.nextToken() != null);
        }
        return out.toString();
    }

    private static Object[] path(String text) {
        String s = text.trim();
        if (!s.startsWith("$")) {
            throw new Compiled.Invalid("JSON path '" + text + "' must start with '$'");
        }
        List<Object> steps = new ArrayList<>();
        int i = 1;
        while (i < s.length()) {
            char ch = s.charAt(i);
            int end;
            if (ch == '.') {
                end = i + 1;
                while (end < s.length() && s.charAt(end) != '.' && s.charAt(end) != '[') {
                    end++;
                }
                if (end == i + 1) {
                    throw invalidPath(text, i);
                }
                steps.add(s.substring(i + 1, end));
                i = end;
            } else if (ch == '[' && i + 1 < s.length() && (s.charAt(i + 1) == '\'' || s.charAt(i + 1) == '"')) {
                end = s.indexOf(s.charAt(i + 1), i + 2);
                if (end < 0 || end + 1 >= s.length() || s.charAt(end + 1) != ']') {
                    throw invalidPath(text, i);
                }
                steps.add(s.substring(i + 2, end));
                i = end + 2;
            } else if (ch == '[') {
                end = s.indexOf(']', i);
                String digits = end < 0 ? "" : s.substring(i + 1, end);
                if (digits.isEmpty() || !digits.chars().allMatch(Character::isDigit) || digits.length() > 9) {
                    throw invalidPath(text, i);
                }
                steps.add(Integer.parseInt(digits));
                i = end + 1;
            } else {
                throw invalidPath(text, i);
            }
        }
        return steps.toArray();
    }

    private static Compiled.Invalid invalidPath(String path, int at) {
        return new Compiled.Invalid("invalid JSON path '" + path + "' at position " + (at + 1));
    }
}
