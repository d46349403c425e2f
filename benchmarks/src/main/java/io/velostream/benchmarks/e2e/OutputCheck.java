package io.velostream.benchmarks.e2e;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

/**
 * What one contender's output must hold, computed from the seeded trades, compared as the output
 * topic is read. Every contender of a workload is held to the same reference, so equal checks mean
 * equal outputs. Output values are flat JSON objects, whoever wrote them.
 */
abstract class OutputCheck {
    static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    long rows;

    /** Takes one output value (in partition order). */
    abstract void accept(byte[] value);

    /** True once everything the contender must write has been read. */
    abstract boolean complete();

    /** Null when the output equals the reference, else what differs. */
    abstract String mismatch();

    /** What the check compares, for the report. */
    abstract String what();

    /**
     * How many input records the span from the first to the last output row stands for: all of them,
     * except for windows, whose first row needs a window and its grace of input first.
     */
    long inputCovered(long records) {
        return records;
    }

    /** Row workloads: the row count, the sum of ids and the sum of one more column must match. */
    static OutputCheck rows(long records, Predicate<Trades.Trade> kept, String column, ToLongFunction<Trades.Trade> value) {
        long[] expected = new long[3];
        Trades.generate(records, t -> {
            if (kept.test(t)) {
                expected[0]++;
                expected[1] += t.id();
                expected[2] += value.applyAsLong(t);
            }
        });
        return new OutputCheck() {
            final BitSet ids = new BitSet();
            /** Rows whose id was seen before: an at-least-once contender's repeats, which sums alone can hide. */
            long duplicates;
            final List<Long> duplicateIds = new ArrayList<>();
            long idSum, columnSum;

            @Override
            void accept(byte[] value) {
                rows++;
                long id = longField(value, "id");
                if (ids.get((int) id)) {
                    duplicates++;
                    if (duplicateIds.size() < 10) {
                        duplicateIds.add(id);
                    }
                    return;
                }
                ids.set((int) id);
                idSum += id;
                columnSum += longField(value, column);
            }

            /** Every expected row, counted once. */
            @Override
            boolean complete() {
                return rows - duplicates >= expected[0];
            }

            @Override
            String mismatch() {
                long distinct = rows - duplicates;
                if (distinct == expected[0] && idSum == expected[1] && columnSum == expected[2] && duplicates == 0) {
                    return null;
                }
                return String.format("expected %,d rows, id sum %d, %s sum %d; got %,d rows, id sum %d, %s sum %d%s%s",
                        expected[0], expected[1], column, expected[2], rows, idSum, column, columnSum,
                        duplicates == 0 ? "" : String.format(" (%,d of them duplicates, ids %s%s)", duplicates,
                                duplicateIds, duplicates > duplicateIds.size() ? ", …" : ""),
                        distinct < expected[0] ? missing() : "");
            }

            /** Where the missing rows are: by input partition (id mod 4), and whether whole accounts are missing. */
            private String missing() {
                long[] perPartition = new long[PeerBenchmark.PARTITIONS];
                Set<Integer> accountsMissing = new HashSet<>(), accountsPresent = new HashSet<>();
                Trades.generate(records, t -> {
                    if (kept.test(t) && !ids.get((int) t.id())) {
                        perPartition[(int) (t.id() % perPartition.length)]++;
                        accountsMissing.add(t.account());
                    } else if (kept.test(t)) {
                        accountsPresent.add(t.account());
                    }
                });
                long wholeAccounts = accountsMissing.stream().filter(a -> !accountsPresent.contains(a)).count();
                return String.format(" (missing per input partition %s; %,d accounts have no row at all)",
                        Arrays.toString(perPartition), wholeAccounts);
            }

            @Override
            String what() {
                return "count, id sum, " + column + " sum";
            }
        };
    }

    /** COUNT, SUM(quantity), AVG/MIN/MAX(price) of a group, the reference side. */
    static final class Aggregates {
        long trades, quantity, priceCentsSum, minCents = Long.MAX_VALUE, maxCents = Long.MIN_VALUE;

        void add(Trades.Trade t) {
            trades++;
            quantity += t.quantity();
            priceCentsSum += t.priceCents();
            minCents = Math.min(minCents, t.priceCents());
            maxCents = Math.max(maxCents, t.priceCents());
        }

        /** Null when the output row {trades, quantity, avg_price, min_price, max_price} has these values. */
        String differs(JsonNode row) {
            double avg = priceCentsSum / 100.0 / trades;
            boolean same = row.path("trades").asLong() == trades && row.path("quantity").asLong() == quantity
                    && Math.abs(row.path("avg_price").asDouble() - avg) <= 1e-9 * avg
                    && cents(row.path("min_price")) == minCents && cents(row.path("max_price")) == maxCents;
            return same ? null : String.format("expected trades=%d quantity=%d avg_price=%s min_price=%s max_price=%s, got %s",
                    trades, quantity, avg, BigDecimal.valueOf(minCents, 2), BigDecimal.valueOf(maxCents, 2), row);
        }

        private static long cents(JsonNode price) {
            return price.decimalValue().movePointRight(2).longValueExact();
        }
    }

    /**
     * GROUP BY {@code field}, EMIT CHANGES: each key's final row (the one with the highest count) must
     * match, and no row may repeat: a key's rows are in one output partition (keyed by it), where its
     * count only grows, so a count it had reached before is a repeated (replayed) update.
     */
    static OutputCheck finalPerKey(long records, String field, Function<Trades.Trade, String> keyOf) {
        Map<String, Aggregates> expected = new HashMap<>();
        Trades.generate(records, t -> expected.computeIfAbsent(keyOf.apply(t), k -> new Aggregates()).add(t));
        return new OutputCheck() {
            final Map<String, byte[]> latest = new HashMap<>();
            final Map<String, Long> latestCount = new HashMap<>();
            final List<String> repeated = new ArrayList<>();
            long repeats;
            int finished;

            @Override
            void accept(byte[] value) {
                rows++;
                String key = keyField(value, field);
                long count = longField(value, "trades");
                Long before = latestCount.get(key);
                if (before != null && count <= before) {
                    if (repeats++ < 10) {
                        repeated.add(key + " trades=" + count + " after " + before);
                    }
                    return;
                }
                latest.put(key, value);
                latestCount.put(key, count);
                Aggregates e = expected.get(key);
                if (e != null && count == e.trades) {
                    finished++;
                }
            }

            @Override
            boolean complete() {
                return finished >= expected.size();
            }

            @Override
            String mismatch() {
                if (!latest.keySet().equals(expected.keySet())) {
                    return String.format("expected final rows for %,d keys, got %,d (%s)", expected.size(), latest.size(),
                            difference(expected.keySet(), latest.keySet()));
                }
                for (var e : expected.entrySet()) {
                    String differs = e.getValue().differs(parse(latest.get(e.getKey())));
                    if (differs != null) {
                        return field + " " + e.getKey() + ": " + differs;
                    }
                }
                return repeats == 0 ? null : String.format("%,d rows repeat a count their key had reached (%s%s)",
                        repeats, String.join(", ", repeated), repeats > repeated.size() ? ", …" : "");
            }

            @Override
            String what() {
                return "final value per " + field + ", no repeated update";
            }
        };
    }

    /**
     * Tumbling windows, EMIT FINAL: every row must match its (symbol, window) of the reference, each
     * window once. Windows ending within {@code grace} + 1 minute of the last trade may be missing: Kafka
     * Streams closes a window only when a later record moves stream time past it, and a bounded input
     * has none.
     */
    static OutputCheck perWindow(long records, long sizeMs, long graceMs) {
        Map<String, Aggregates> expected = new HashMap<>();
        long[] lastEventTime = {Long.MIN_VALUE};
        Trades.generate(records, t -> {
            long start = Math.floorDiv(t.eventTime(), sizeMs) * sizeMs;
            expected.computeIfAbsent(t.symbol() + "@" + start, k -> new Aggregates()).add(t);
            lastEventTime[0] = Math.max(lastEventTime[0], t.eventTime());
        });
        long requiredEnd = lastEventTime[0] - graceMs - 60_000;
        long required = expected.keySet().stream().filter(k -> windowStart(k) + sizeMs <= requiredEnd).count();
        return new OutputCheck() {
            final Map<String, JsonNode> seen = new HashMap<>();
            long requiredSeen;
            String firstMismatch;

            @Override
            void accept(byte[] value) {
                rows++;
                JsonNode row = parse(value);
                JsonNode start = row.path("window_start");
                String key = row.path("symbol").asText() + "@"
                        + (start.isNumber() ? start.asLong() : Instant.parse(start.asText()).toEpochMilli());
                Aggregates e = expected.get(key);
                String differs = e == null ? "no such window in the input: " + row : e.differs(row);
                if (differs != null && firstMismatch == null) {
                    firstMismatch = "window " + key + ": " + differs;
                }
                if (seen.put(key, row) == null && windowStart(key) + sizeMs <= requiredEnd) {
                    requiredSeen++;
                }
            }

            @Override
            boolean complete() {
                return requiredSeen >= required;
            }

            @Override
            String mismatch() {
                if (firstMismatch != null) {
                    return firstMismatch;
                }
                if (seen.size() != rows) {
                    return String.format("%,d rows for %,d windows: a window was emitted more than once", rows, seen.size());
                }
                return requiredSeen == required ? null : String.format(
                        "%,d of the %,d windows ending before the last %d s are missing", required - requiredSeen, required,
                        (graceMs + 60_000) / 1000);
            }

            @Override
            String what() {
                return "every (symbol, window) row";
            }

            /** The trades from the close of the first window seen to the close of the last (end + grace). */
            @Override
            long inputCovered(long records) {
                long firstEnd = Long.MAX_VALUE, lastEnd = Long.MIN_VALUE;
                for (String key : seen.keySet()) {
                    firstEnd = Math.min(firstEnd, windowStart(key) + sizeMs);
                    lastEnd = Math.max(lastEnd, windowStart(key) + sizeMs);
                }
                return seen.isEmpty() ? 0
                        : Trades.tradesBefore(lastEnd + graceMs, records) - Trades.tradesBefore(firstEnd + graceMs, records);
            }
        };
    }

    private static long windowStart(String key) {
        return Long.parseLong(key.substring(key.indexOf('@') + 1));
    }

    static JsonNode parse(byte[] json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The integer after {@code "name":} in a flat JSON object (names are unique); cheap enough for millions of rows. */
    static long longField(byte[] json, String name) {
        String text = new String(json, StandardCharsets.ISO_8859_1);
        int i = valueStart(text, name);
        boolean negative = text.charAt(i) == '-';
        if (negative) {
            i++;
        }
        long v = 0;
        while (i < text.length() && Character.isDigit(text.charAt(i))) {
            v = v * 10 + (text.charAt(i++) - '0');
        }
        return negative ? -v : v;
    }

    /** The string or number after {@code "name":} in a flat JSON object (without escapes). */
    static String keyField(byte[] json, String name) {
        String text = new String(json, StandardCharsets.UTF_8);
        int i = valueStart(text, name);
        if (text.charAt(i) == '"') {
            return text.substring(i + 1, text.indexOf('"', i + 1));
        }
        int end = i;
        while (end < text.length() && text.charAt(end) != ',' && text.charAt(end) != '}') {
            end++;
        }
        return text.substring(i, end).trim();
    }

    /** A few keys that one set has and the other lacks, for a failure message. */
    private static String difference(Set<String> expected, Set<String> got) {
        List<String> missing = expected.stream().filter(k -> !got.contains(k)).limit(5).toList();
        List<String> extra = got.stream().filter(k -> !expected.contains(k)).limit(5).toList();
        return "missing e.g. " + missing + ", unexpected e.g. " + extra;
    }

    private static int valueStart(String text, String name) {
        int i = text.indexOf("\"" + name + "\"");
        if (i < 0) {
            throw new IllegalStateException("no " + name + " in output " + text);
        }
        i = text.indexOf(':', i) + 1;
        while (text.charAt(i) == ' ') {
            i++;
        }
        return i;
    }
}
