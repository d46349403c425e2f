package io.velostream.benchmarks.e2e;

import io.velostream.benchmarks.DocBlock;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The peer benchmark's markdown tables (into docs/benchmarks.md between markers) and bar chart: per
 * workload a table of the contenders on one instance and thread, and for the workloads that scale a
 * table of the contenders on each scale with their scaling factors.
 */
final class Report {
    private Report() {
    }

    static String markdown(Map<Workload, Map<Scale, Map<Contender, Runs>>> results, int reps, long seed,
                           int latencyRate, int latencySeconds, String loadBefore, String loadAfter, LocalDate date) {
        StringBuilder md = new StringBuilder();
        long records = results.values().iterator().next().get(Scale.ONE).values().iterator().next().first().inputRecords();
        md.append(String.format("Run %s: %,d input records, %d partitions; contenders %s heap each; %d throughput runs "
                        + "per contender, scale and workload in a random order (seed %d) after a warm-up run of each "
                        + "contender; figures are medians, [min–max] the spread, every ratio a ratio of medians of this run; "
                        + "every producer (raw pipe, Velostream's sink, Streams through `producer.` overrides) has %s; "
                        + "latency: one live run each, %,d trades/s for %d s; load average (1/5/15 min) %s before, %s after.%n%n",
                date, records, PeerBenchmark.PARTITIONS, PeerBenchmark.CONTENDER_HEAP, reps, seed, producerSettings(),
                latencyRate, latencySeconds, first3(loadBefore), first3(loadAfter)));
        for (var entry : results.entrySet()) {
            Map<Contender, Runs> runs = entry.getValue().get(Scale.ONE);
            boolean noCachePeers = runs.containsKey(Contender.STREAMS_AT_LEAST_ONCE_NO_CACHE);
            md.append("**").append(entry.getKey()).append("**\n\n");
            if (entry.getKey().scales()) {
                md.append(STATE_NOTE);
            }
            if (entry.getKey().comparesStores()) {
                md.append(String.format(STORES_NOTE, entry.getKey().groupKey(), keys(entry.getKey(), records)));
            }
            md.append("| Contender | Settings | Check | Output rows | Input rec/s | [min–max] | vs raw pipe "
                            + "| vs Streams defaults, same guarantee |")
                    .append(noCachePeers ? " vs Streams cache 0, same guarantee |" : "")
                    .append(" Latency p50 ms | p99 ms | CPU µs/rec | Peak RSS MB |\n")
                    .append("|---|---|---|---:|---:|---:|---:|---:|").append(noCachePeers ? "---:|" : "")
                    .append("---:|---:|---:|---:|\n");
            for (Runs r : runs.values()) {
                md.append(String.format("| %s | %s | %s | %,.0f | %s | %s | %s | %s |", r.contender().label,
                        r.contender().settings(), check(r), r.median(PeerBenchmark.Result::rows), rate(r.medianRate()),
                        spread(r), ratio(r, runs.get(Contender.RAW_PIPE)),
                        ratio(r, runs.get(r.contender().streamsPeer()))));
                if (noCachePeers) {
                    md.append(' ').append(ratio(r, runs.get(noCachePeer(r.contender())))).append(" |");
                }
                PeerBenchmark.Latency latency = r.latency();
                md.append(String.format(" %s | %s | %.2f | %,.0f |%n", latency == null ? "—" : latency.p50Ms(),
                        latency == null ? "—" : latency.p99Ms(), cpuPerRecord(r), r.median(x -> x.peakRssKb() / 1024.0)));
            }
            md.append('\n');
            if (entry.getValue().size() > 1) {
                md.append(scaling(entry.getKey(), entry.getValue()));
            }
        }
        md.append(goals(results.get(Workload.PASS_THROUGH) == null ? null : results.get(Workload.PASS_THROUGH).get(Scale.ONE)));
        return md.toString();
    }

    /** Next to the figures of the workloads that scale: what state each side keeps, and how Velostream reads there. */
    static final String STATE_NOTE = "Same guarantee of state on both sides: Velostream reads the trades without end "
            + "here (stopped once its output is complete, as Streams is), so it repartitions them by symbol "
            + "(docs/scaling.md#repartition) and keeps its groups and windows in changelogged stores "
            + "(docs/kafka.md#state); Kafka Streams repartitions them (`groupByKey`) into changelogged stores.\n\n";

    /** Next to the store comparison's figures: what each contender keeps where. */
    static final String STORES_NOTE = "Store comparison (issue 16): GROUP BY %s, %s keys, at-least-once, one instance "
            + "and thread. Velostream reads without end, so its groups are in changelogged stores per task: on the heap "
            + "(`state.store=memory`) or in RocksDB behind a bounded cache (`state.store=rocksdb`, docs/scaling.md#stores); "
            + "Kafka Streams keeps them in RocksDB behind its 10 MB record cache (defaults) or in memory with no cache.\n\n";

    private static String keys(Workload workload, long records) {
        return String.format("%,d", workload == Workload.GROUP_BY_ACCOUNT ? Math.min(records, Trades.ACCOUNTS) : records);
    }

    /**
     * The scaling rows of a workload: per contender the median of each scale, its spread, the scaling
     * factor (its median ÷ the same contender's 1-instance × 1-thread median) and the ratio to the Streams
     * contender of the same guarantee on the same scale.
     */
    private static String scaling(Workload workload, Map<Scale, Map<Contender, Runs>> byScale) {
        StringBuilder md = new StringBuilder("**").append(workload).append(", scaling**\n\n| Contender | Check |");
        StringBuilder align = new StringBuilder("|---|---|");
        for (Scale scale : byScale.keySet()) {
            md.append(' ').append(scale.label).append(" rec/s [min–max] |");
            align.append("---:|");
            if (scale != Scale.ONE) {
                md.append(" ÷ 1×1 | vs Streams, same guarantee |");
                align.append("---:|---:|");
            }
        }
        md.append(" CPU µs/rec (").append(byScale.keySet().stream().map(Scale::abbreviation).collect(Collectors.joining(" / ")))
                .append(") |\n").append(align).append("---:|\n");
        Map<Contender, Runs> one = byScale.get(Scale.ONE);
        for (Contender contender : Contender.values()) {
            if (!contender.runsOn(workload, Scale.TWO_THREADS) || byScale.values().stream().noneMatch(m -> m.containsKey(contender))) {
                continue;
            }
            String mismatch = null;
            StringBuilder row = new StringBuilder(), cpu = new StringBuilder(), unshared = new StringBuilder();
            for (var e : byScale.entrySet()) {
                Runs r = e.getValue().get(contender);
                if (r == null) {
                    row.append(e.getKey() == Scale.ONE ? " — |" : " — | — | — |");
                    cpu.append(cpu.isEmpty() ? "" : " / ").append('—');
                    continue;
                }
                if (mismatch == null && r.mismatch() != null) {
                    mismatch = e.getKey().label + ": " + r.mismatch();
                }
                int expected = e.getKey().threads * e.getKey().instances;
                int fewest = r.results().stream().mapToInt(PeerBenchmark.Result::consumers).filter(c -> c >= 0)
                        .min().orElse(expected);
                if (fewest < expected) {
                    unshared.append(String.format(" ⚠ %s: at times only %d of %d consumers held input partitions",
                            e.getKey().label, fewest, expected));
                }
                row.append(String.format(" %s [%s] |", rate(r.medianRate()), spread(r)));
                if (e.getKey() != Scale.ONE) {
                    Runs base = one == null ? null : one.get(contender);
                    row.append(String.format(" %s | %s |", base == null ? "—" : quotient(r.medianRate(), base.medianRate()),
                            ratio(r, e.getValue().get(contender.streamsPeer()))));
                }
                cpu.append(cpu.isEmpty() ? "" : " / ").append(String.format("%.2f", cpuPerRecord(r)));
            }
            md.append("| ").append(contender.label).append(" | ")
                    .append(mismatch == null ? "✔" : "✘ " + mismatch.replace("|", "/")).append(unshared).append(" |").append(row)
                    .append(' ').append(cpu).append(" |\n");
        }
        return md.append('\n').toString();
    }

    private static String producerSettings() {
        return Contender.SINK_PRODUCER.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> "`" + e.getKey() + "=" + e.getValue() + "`").collect(Collectors.joining(", "));
    }

    private static String check(Runs r) {
        String mismatch = r.mismatch();
        return mismatch == null ? "✔ " + r.first().checked() : "✘ " + mismatch.replace("|", "/");
    }

    /** Median CPU time per input record, summed over a run's instances. */
    private static double cpuPerRecord(Runs r) {
        return r.median(x -> x.cpuNs() / 1e3 / x.inputRecords());
    }

    /** The pass-through goals of issue 14, from the medians of this run. */
    private static String goals(Map<Contender, Runs> passThrough) {
        if (passThrough == null) {
            return "";
        }
        double raw = rate(passThrough, Contender.RAW_PIPE), simple = rate(passThrough, Contender.VELOSTREAM_SIMPLE),
                transactional = rate(passThrough, Contender.VELOSTREAM_TRANSACTIONAL),
                streams = rate(passThrough, Contender.STREAMS_AT_LEAST_ONCE);
        return "**Pass-through goals, from the medians above**\n\n| Goal | Median ratio | Met |\n|---|---:|---|\n"
                + goal("Velostream simple ≥ 90 % of the raw pipe", simple / raw, 0.9)
                + goal("Velostream simple ≥ 1.5× Kafka Streams at_least_once (same producer settings)", simple / streams, 1.5)
                + goal("Velostream transactional ≥ 80 % of simple", transactional / simple, 0.8) + "\n";
    }

    private static String goal(String what, double ratio, double target) {
        return String.format("| %s | %.2f | %s |%n", what, ratio, Double.isNaN(ratio) ? "not run" : ratio >= target ? "✔" : "✘");
    }

    private static double rate(Map<Contender, Runs> runs, Contender contender) {
        Runs r = runs.get(contender);
        return r == null ? Double.NaN : r.medianRate();
    }

    /** {@code r}'s median throughput over {@code base}'s, or a dash when there is no base or it is {@code r} itself. */
    private static String ratio(Runs r, Runs base) {
        return base == null || base == r && base.contender() != Contender.RAW_PIPE ? "—"
                : quotient(r.medianRate(), base.medianRate());
    }

    /** A ratio of medians, or a dash when either had no rate (a run that wrote nothing: no first and last row). */
    private static String quotient(double rate, double base) {
        double q = rate / base;
        return Double.isNaN(q) || Double.isInfinite(q) ? "—" : String.format("%.2f", q);
    }

    private static String rate(double recordsPerSecond) {
        return Double.isNaN(recordsPerSecond) ? "—" : String.format("%,.0f", recordsPerSecond);
    }

    private static String spread(Runs r) {
        return rate(r.minRate()) + "–" + rate(r.maxRate());
    }

    /** Velostream's peer among the cache-0 Streams contenders (same guarantee), or null. */
    private static Contender noCachePeer(Contender contender) {
        return switch (contender) {
            case VELOSTREAM_SIMPLE, VELOSTREAM_SIMPLE_ROCKSDB -> Contender.STREAMS_AT_LEAST_ONCE_NO_CACHE;
            case VELOSTREAM_TRANSACTIONAL -> Contender.STREAMS_EXACTLY_ONCE_V2_NO_CACHE;
            default -> null;
        };
    }

    private static String first3(String loadavg) {
        String[] f = loadavg.split(" ");
        return f[0] + " / " + f[1] + " / " + f[2];
    }

    static void writeInto(Path doc, String report) throws IOException {
        DocBlock.write(doc, PeerBenchmark.DOC_START, PeerBenchmark.DOC_END, report);
    }

    /** Grouped bars: median input records/s per workload, one bar per contender. */
    static void chart(Map<Workload, Map<Scale, Map<Contender, Runs>>> all, Path png) throws IOException {
        Map<Workload, Map<Contender, Runs>> results = new EnumMap<>(Workload.class);
        all.forEach((workload, byScale) -> results.put(workload, byScale.get(Scale.ONE)));
        int width = 1300, height = 440, left = 90, bottom = 100, top = 30;
        Color[] colors = {new Color(0x888888), new Color(0x1f77b4), new Color(0x17becf), new Color(0x2ca02c),
                new Color(0xff7f0e), new Color(0xd62728), new Color(0xffbb78), new Color(0xff9896)};
        double max = results.values().stream().flatMap(m -> m.values().stream())
                .mapToDouble(Runs::medianRate).filter(d -> !Double.isNaN(d)).max().orElse(1);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        int plotHeight = height - top - bottom, groupWidth = (width - left - 20) / results.size();
        g.setColor(Color.BLACK);
        g.drawString("median input records/s, first to last output (higher is better)", left, 18);
        for (int tick = 0; tick <= 4; tick++) {
            int y = height - bottom - plotHeight * tick / 4;
            g.setColor(Color.LIGHT_GRAY);
            g.drawLine(left, y, width - 20, y);
            g.setColor(Color.BLACK);
            g.drawString(String.format("%,.0fK", max * tick / 4 / 1000), 10, y + 4);
        }
        int group = 0;
        for (var entry : results.entrySet()) {
            int x0 = left + group++ * groupWidth + 20, bar = (groupWidth - 40) / Contender.values().length;
            for (Runs r : entry.getValue().values()) {
                int h = Double.isNaN(r.medianRate()) ? 0 : (int) (plotHeight * r.medianRate() / max);
                g.setColor(colors[r.contender().ordinal()]);
                g.fillRect(x0 + r.contender().ordinal() * bar, height - bottom - h, bar - 4, h);
            }
            g.setColor(Color.BLACK);
            g.drawString(entry.getKey().name(), x0, height - bottom + 16);
        }
        for (Contender c : Contender.values()) {
            int x = left + c.ordinal() % 4 * 300, y = height - 56 + c.ordinal() / 4 * 22;
            g.setColor(colors[c.ordinal()]);
            g.fillRect(x, y, 12, 12);
            g.setColor(Color.BLACK);
            g.drawString(c.label.replaceAll(" \\(.*", ""), x + 16, y + 10);
        }
        g.dispose();
        Files.createDirectories(png.getParent());
        ImageIO.write(image, "png", png.toFile());
    }
}
