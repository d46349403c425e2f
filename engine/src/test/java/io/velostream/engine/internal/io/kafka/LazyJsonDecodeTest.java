package io.velostream.engine.internal.io.kafka;

import io.velostream.engine.internal.io.format.DecodeException;
import io.velostream.engine.record.SqlType;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Lazy decoding of JSON values (docs/kafka.md#lazy-decoding): a decoder told to build only the
 * slots a query reads gives, for each of them, what the full decode gives, and fails on exactly the
 * values the full decode fails on. Generated values (random field order, nesting, escapes, numbers,
 * missing and extra fields, mutated and hand-broken ones) with fixed seeds
 * ({@code -Dvelostream.fuzz.seed} replays another); the full decode is the reference.
 */
class LazyJsonDecodeTest {
    private static final String[] NAMES = {"f0", "f1", "f2", "f3", "f4", "f5", "f6", "f7"};
    /** Broken spots the byte mutations rarely hit; each is put in place of one field's value. */
    private static final String[] BROKEN = {"\"a\\qb\"", "\"\\u12G4\"", "\"tab\there\"", "01", "1.", "-", "NaN", "tru",
            "[1,]", "{\"a\" 1}", "\"open", "{\"a\":[1,2}", "'single'", "1e", "\"\\ud800x\""};

    @Test
    void theSlotsAQueryReadsDecodeAsInTheFullDecodeAndTheSameValuesFail() {
        long seed = ValueDecodersFuzzTest.seed(20261206L);
        Random r = new Random(seed);
        int checked = 0;
        int failed = 0;
        for (int query = 0; query < ValueDecodersFuzzTest.count(200); query++) {
            // A query's column names get the first slots, in the order it names them; the data brings the rest.
            List<String> names = new ArrayList<>(List.of(NAMES));
            Collections.shuffle(names, r);
            List<String> read = names.subList(0, r.nextInt(4));
            ValueDecoders.JsonValues lazy = new ValueDecoders.JsonValues();
            ValueDecoders.JsonValues full = new ValueDecoders.JsonValues();
            for (String name : read) {
                lazy.schema().add(name, SqlType.ANY);
                full.schema().add(name, SqlType.ANY);
            }
            lazy.decodeOnly(read.size());
            for (int v = 0; v < 50; v++) { // one decoder over many values: it keeps scratch state between them
                byte[] value = value(r);
                Object[] expected;
                String expectedError = null;
                try {
                    expected = full.decode(value);
                } catch (DecodeException e) {
                    expected = null;
                    expectedError = e.getMessage();
                }
                Object[] actual;
                try {
                    actual = lazy.decode(value);
                } catch (DecodeException e) {
                    if (expectedError == null) {
                        fail("seed " + seed + ": lazy decoding failed (" + e.getMessage() + ") where the full decode did not: "
                                + text(value));
                    }
                    assertThat(e.getMessage()).as("seed %d: %s", seed, text(value)).isEqualTo(expectedError);
                    failed++;
                    continue;
                }
                if (expectedError != null) {
                    fail("seed " + seed + ": lazy decoding passed a value the full decode rejects (" + expectedError + "): "
                            + text(value));
                }
                for (int slot = 0; slot < read.size(); slot++) {
                    Object want = slot < expected.length ? expected[slot] : null;
                    Object got = slot < actual.length ? actual[slot] : null;
                    if (!Objects.deepEquals(want, got)) {
                        fail("seed " + seed + ": column " + read.get(slot) + " decoded lazily as " + got + " but fully as "
                                + want + ": " + text(value));
                    }
                }
                assertThat(actual.length).as("nothing beyond the slots read is built").isLessThanOrEqualTo(read.size());
                checked++;
            }
        }
        assertThat(checked).as("values that decoded").isGreaterThan(1000);
        assertThat(failed).as("malformed values").isGreaterThan(1000);
    }

    @Test
    void aQueryThatReadsNothingBuildsNothingButStillRejectsMalformedValues() throws DecodeException {
        ValueDecoders.JsonValues lazy = new ValueDecoders.JsonValues();
        lazy.decodeOnly(0);
        assertThat(lazy.decode(bytes("{\"a\": \"x\", \"b\": [1, {\"c\": 2.50}]}"))).isEmpty();
        for (String broken : List.of("{\"a\": \"x\\q\"}", "{\"a\": [1,}", "{\"a\": 1} x", "[1]", "{\"a\": 01}")) {
            try {
                lazy.decode(bytes(broken));
                fail("not rejected: " + broken);
            } catch (DecodeException expected) {
                assertThat(expected.getMessage()).isNotBlank();
            }
        }
    }

    /** A JSON object of the names above and others, nested, in random order; a third of them broken. */
    private static byte[] value(Random r) {
        List<String> fields = new ArrayList<>();
        for (int i = r.nextInt(8); i > 0; i--) {
            String name = r.nextInt(4) == 0 ? ValueDecodersFuzzTest.randomText(r) : NAMES[r.nextInt(NAMES.length)];
            fields.add(ValueDecodersFuzzTest.jsonString(name) + (r.nextBoolean() ? ": " : ":")
                    + (r.nextInt(20) == 0 ? BROKEN[r.nextInt(BROKEN.length)] : scalarOrNested(r)));
        }
        byte[] valid = ("{" + String.join(r.nextBoolean() ? ", " : ",", fields) + "}").getBytes(StandardCharsets.UTF_8);
        return r.nextInt(4) == 0 ? ValueDecodersFuzzTest.mutate(r, valid) : valid;
    }

    private static String scalarOrNested(Random r) {
        return switch (r.nextInt(4)) {
            case 0 -> "\"\\u00e9\\/\\n" + r.nextInt(100) + "\"";
            case 1 -> ValueDecodersFuzzTest.jsonObject(r, 1);
            default -> ValueDecodersFuzzTest.jsonValue(r, 0);
        };
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] value) {
        return new String(value, StandardCharsets.UTF_8);
    }
}
