package io.velostream.benchmarks.e2e;

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

    static String markdown(Map<Workload, List<PeerBenchmark.Result>> results, int latencyRate, int latencySeconds,
                           String loadBefore, String loadAfter, LocalDate date) {
        StringBuilder md = new StringBuilder();
        long records = results.values().iterator().next().get(0).inputRecords();
        md.append(String.format("Run %s: %,d input records, %d partitions; contenders %s heap each; latency runs "
                        + "%,d trades/s for %d s; load average (1/5/15 min) %s before, %s after.%n%n", date, records,
                PeerBenchmark.PARTITIONS, PeerBenchmark.CONTENDER_HEAP, latencyRate, latencySeconds, first3(loadBefore),
                first3(loadAfter)));
        for (var entry : results.entrySet()) {
            List<PeerBenchmark.Result> rows = entry.getValue();
            double raw = rate(rows, Contender.RAW_PIPE);
            md.append("**").append(entry.getKey()).append("**\n\n")
                    .append("| Contender | Output rows | Check | Input rec/s | vs raw pipe | vs Streams, same guarantee "
                            + "| Latency p50 ms | p99 ms | CPU s | CPU µs/rec | Peak RSS MB |\n")
                    .append("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
            for (PeerBenchmark.Result r : rows) {
                Contender peer = r.contender().streamsPeer();
                PeerBenchmark.Latency latency = r.latency();
                md.append(String.format("| %s | %,d | %s | %,.0f | %.2f | %s | %s | %s | %.1f | %.2f | %,d |%n",
                        r.contender().label, r.rows(),
                        r.mismatch() == null ? "✔ " + r.checked() : "✘ " + r.mismatch().replace("|", "/"),
                        r.recordsPerSecond(), r.recordsPerSecond() / raw,
                        peer == null ? "—" : String.format("%.2f", r.recordsPerSecond() / rate(rows, peer)),
                        latency == null ? "—" : latency.p50Ms(), latency == null ? "—" : latency.p99Ms(),
                        r.cpuNs() / 1e9, r.cpuNs() / 1e3 / r.inputRecords(), r.peakRssKb() / 1024));
            }
            md.append('\n');
        }
        return md.toString();
    }

    private static String first3(String loadavg) {
        String[] f = loadavg.split(" ");
        return f[0] + " / " + f[1] + " / " + f[2];
    }

    private static double rate(List<PeerBenchmark.Result> rows, Contender contender) {
        return rows.stream().filter(r -> r.contender() == contender).findFirst()
                .map(PeerBenchmark.Result::recordsPerSecond).orElse(Double.NaN);
    }

    /** Replaces what is between the markers (or appends them with the report). */
    static void writeInto(Path doc, String report) throws IOException {
        String text = Files.readString(doc);
        int start = text.indexOf(PeerBenchmark.DOC_START), end = text.indexOf(PeerBenchmark.DOC_END);
        String block = PeerBenchmark.DOC_START + "\n" + report + PeerBenchmark.DOC_END;
        text = start >= 0 && end > start
                ? text.substring(0, start) + block + text.substring(end + PeerBenchmark.DOC_END.length())
                : text + "\n" + block + "\n";
        Files.writeString(doc, text);
    }

    /** Grouped bars: input records/s per workload, one bar per contender. */
    static void chart(Map<Workload, List<PeerBenchmark.Result>> results, Path png) throws IOException {
        int width = 1100, height = 420, left = 90, bottom = 80, top = 30;
        Color[] colors = {new Color(0x888888), new Color(0x1f77b4), new Color(0x17becf), new Color(0xff7f0e), new Color(0xd62728)};
        double max = results.values().stream().flatMap(List::stream)
                .mapToDouble(PeerBenchmark.Result::recordsPerSecond).filter(d -> !Double.isNaN(d)).max().orElse(1);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        int plotHeight = height - top - bottom, groupWidth = (width - left - 20) / results.size();
        g.setColor(Color.BLACK);
        g.drawString("input records/s, first to last output (higher is better)", left, 18);
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
            for (PeerBenchmark.Result r : entry.getValue()) {
                int h = Double.isNaN(r.recordsPerSecond()) ? 0 : (int) (plotHeight * r.recordsPerSecond() / max);
                g.setColor(colors[r.contender().ordinal()]);
                g.fillRect(x0 + r.contender().ordinal() * bar, height - bottom - h, bar - 4, h);
            }
            g.setColor(Color.BLACK);
            g.drawString(entry.getKey().name(), x0, height - bottom + 16);
        }
        for (Contender c : Contender.values()) {
            int x = left + c.ordinal() * 200;
            g.setColor(colors[c.ordinal()]);
            g.fillRect(x, height - 36, 12, 12);
            g.setColor(Color.BLACK);
            g.drawString(c.label.replaceAll(" \\(.*", ""), x + 16, height - 26);
        }
        g.dispose();
        Files.createDirectories(png.getParent());
        ImageIO.write(image, "png", png.toFile());
    }
}
