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
import java.util.List;
import java.util.Map;

/** The peer benchmark's markdown tables (into docs/benchmarks.md between markers) and bar chart. */
final class Report {
    private Report() {
    }

    static String markdown(Map<Workload, Map<Contender, Runs>> results, int reps, long seed, int latencyRate,
                           int latencySeconds, String loadBefore, String loadAfter, LocalDate date) {
        StringBuilder md = new StringBuilder();
        long records = results.values().iterator().next().values().iterator().next().first().inputRecords();
        md.append(String.format("Run %s: %,d input records, %d partitions; contenders %s heap each; %d throughput runs "
                        + "per contender and workload in a random order (seed %d) after a warm-up run of each contender; "
                        + "figures are medians, [min–max] the spread, every ratio a ratio of medians; latency: one "
                        + "live run each, %,d trades/s for %d s; load average (1/5/15 min) %s before, %s after.%n%n",
                date, records, PeerBenchmark.PARTITIONS, PeerBenchmark.CONTENDER_HEAP, reps, seed, latencyRate,
                latencySeconds, first3(loadBefore), first3(loadAfter)));
        for (var entry : results.entrySet()) {
            Map<Contender, Runs> runs = entry.getValue();
            boolean noCachePeers = runs.containsKey(Contender.STREAMS_AT_LEAST_ONCE_NO_CACHE);
            md.append("**").append(entry.getKey()).append("**\n\n")
                    .append("| Contender | Streams settings | Check | Output rows | Input rec/s | [min–max] | vs raw pipe "
                            + "| vs Streams defaults, same guarantee |")
                    .append(noCachePeers ? " vs Streams cache 0, same guarantee |" : "")
                    .append(" Latency p50 ms | p99 ms | CPU µs/rec | Peak RSS MB |\n")
                    .append("|---|---|---|---:|---:|---:|---:|---:|").append(noCachePeers ? "---:|" : "")
                    .append("---:|---:|---:|---:|\n");
            for (Runs r : runs.values()) {
                String mismatch = r.mismatch();
                md.append(String.format("| %s | %s | %s | %,.0f | %,.0f | %,.0f–%,.0f | %s | %s |", r.contender().label,
                        r.contender().streamsSettings() == null ? "—" : r.contender().streamsSettings(),
                        mismatch == null ? "✔ " + r.first().checked() : "✘ " + mismatch.replace("|", "/"),
                        r.median(PeerBenchmark.Result::rows), r.medianRate(), r.minRate(), r.maxRate(),
                        ratio(r, runs.get(Contender.RAW_PIPE)), ratio(r, runs.get(r.contender().streamsPeer()))));
                if (noCachePeers) {
                    md.append(' ').append(ratio(r, runs.get(noCachePeer(r.contender())))).append(" |");
                }
                PeerBenchmark.Latency latency = r.latency();
                md.append(String.format(" %s | %s | %.2f | %,.0f |%n", latency == null ? "—" : latency.p50Ms(),
                        latency == null ? "—" : latency.p99Ms(), r.median(x -> x.cpuNs() / 1e3 / x.inputRecords()),
                        r.median(x -> x.peakRssKb() / 1024.0)));
            }
            md.append('\n');
        }
        md.append(goals(results.get(Workload.PASS_THROUGH)));
        return md.toString();
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
                : String.format("%.2f", r.medianRate() / base.medianRate());
    }

    /** Velostream's peer among the cache-0 Streams contenders (same guarantee), or null. */
    private static Contender noCachePeer(Contender contender) {
        return switch (contender) {
            case VELOSTREAM_SIMPLE -> Contender.STREAMS_AT_LEAST_ONCE_NO_CACHE;
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
    static void chart(Map<Workload, Map<Contender, Runs>> results, Path png) throws IOException {
        int width = 1300, height = 440, left = 90, bottom = 100, top = 30;
        Color[] colors = {new Color(0x888888), new Color(0x1f77b4), new Color(0x17becf), new Color(0xff7f0e),
                new Color(0xd62728), new Color(0xffbb78), new Color(0xff9896)};
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
