package dev.tollgate.bench.report;

import dev.tollgate.testing.PrettyJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Writes a run's results: a Markdown table, JSON with every sample, and an SVG chart. */
public final class ResultWriter {

    private ResultWriter() {}

    /**
     * The results table. Cells read "value (ratio to the baseline's p50)" where a ratio exists.
     *
     * @param title a heading line, e.g. the command and the machine
     */
    public static String markdown(String title, List<ModeResult> results, Map<String, String> notes) {
        MarkdownTable table = new MarkdownTable("mode", "cold start p50/p90/p99 ms", "init p50 ms",
                "first invoke p50 ms", "warm p50/p99 ms", "cache-hit p50 ms", "peak RSS MiB", "classes (from archive)",
                "ratio to hello (cold / init / first / warm / RSS)", "ratio to Node.js peer (cold / init / first / RSS)");
        for (ModeResult r : results) {
            table.row(r.coldStart().isEmpty() ? failedRow(r) : row(r));
        }
        return "### " + title + "\n\n" + table + MarkdownTable.notes(notes);
    }

    private static List<String> row(ModeResult r) {
        Map<String, Double> x = r.ratios();
        return List.of(r.mode(),
                f(r.coldStart().p50()) + " / " + f(r.coldStart().p90()) + " / " + f(r.coldStart().p99()),
                f(r.init().p50()) + (r.restore().isEmpty() ? "" : " (restore " + f2(r.restore().p50()) + ")"),
                f2(r.firstInvoke().p50()),
                r.warm().isEmpty() ? "-" : f2(r.warm().p50()) + " / " + f2(r.warm().p99()),
                r.cacheHit().isEmpty() ? "-" : f2(r.cacheHit().p50()),
                f(r.peakRssFirst().p50()) + (!r.peakRssEnd().isEmpty()
                        && r.peakRssEnd().p50() > r.peakRssFirst().p50() + 0.5
                        ? " (end " + f(r.peakRssEnd().p50()) + ")" : ""),
                (r.classesLoaded() < 0 ? "-" : Long.toString(r.classesLoaded()))
                        + (r.classesShared() >= 0 ? " (" + r.classesShared() + ")" : ""),
                !x.containsKey("coldStart") ? "-" : String.join(" / ", ratio(x.get("coldStart")),
                        ratio(x.get("init")), ratio(x.get("firstInvoke")), ratio(x.get("warm")), ratio(x.get("peakRss"))),
                !x.containsKey("node.coldStart") ? "-" : String.join(" / ", ratio(x.get("node.coldStart")),
                        ratio(x.get("node.init")), ratio(x.get("node.firstInvoke")), ratio(x.get("node.peakRss"))));
    }

    /** A mode without a good sample: its first failure, the other cells empty. */
    private static List<String> failedRow(ModeResult r) {
        List<String> cells = new ArrayList<>(Collections.nCopies(10, ""));
        cells.set(0, r.mode());
        cells.set(1, "failed: " + (r.failures().isEmpty() ? "no samples" : firstLine(r.failures().get(0))));
        return cells;
    }

    /** Writes results.md, results.json and chart.svg to {@code dir}; copies them to {@code latest} when not null. */
    public static void write(Path dir, Path latest, String markdown, Object json, List<ModeResult> results,
            String chartTitle) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("results.md"), markdown);
        PrettyJson.write(dir.resolve("results.json"), json);
        Files.writeString(dir.resolve("chart.svg"), svg(chartTitle, results));
        if (latest != null) {
            Files.createDirectories(latest);
            for (String name : List.of("results.md", "results.json", "chart.svg")) {
                Files.copy(dir.resolve(name), latest.resolve(name), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /**
     * Two panels of horizontal bars per mode: cold start (p50 bar, p90 whisker) and warm invoke
     * (p50 bar, cache-hit p50 as a second bar), each on its own linear scale.
     */
    public static String svg(String title, List<ModeResult> results) {
        List<ModeResult> shown = results.stream().filter(r -> !r.coldStart().isEmpty()).toList();
        int rowH = 26;
        int labelW = 150;
        int panelW = 330;
        int gap = 40;
        int top = 60;
        int height = top + rowH * Math.max(1, shown.size()) + 50;
        int width = labelW + 2 * panelW + gap + 30;
        double coldMax = shown.stream().mapToDouble(r -> r.coldStart().p90()).max().orElse(1);
        double warmMax = shown.stream().mapToDouble(r -> Math.max(nz(r.warm().p50()), nz(r.cacheHit().p50())))
                .max().orElse(1);
        coldMax = niceCeil(coldMax);
        warmMax = niceCeil(Math.max(warmMax, 0.001));
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
                        + "font-family=\"sans-serif\" font-size=\"12\">%n", width, height, width, height));
        s.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        s.append(text(10, 20, 14, "bold", esc(title)));
        int x1 = labelW;
        int x2 = labelW + panelW + gap;
        s.append(text(x1, 45, 12, "bold", "cold start, launch to first response (ms): p50 bar, p90 whisker"));
        s.append(text(x2, 45, 12, "bold", "warm invoke p50 (ms): distinct tokens / cache hit"));
        for (int i = 0; i < shown.size(); i++) {
            ModeResult r = shown.get(i);
            int y = top + i * rowH;
            s.append(text(10, y + 15, 12, "normal", esc(r.mode())));
            double w = r.coldStart().p50() / coldMax * panelW;
            String color = r.mode().startsWith("hello") ? "#9e9e9e" : r.mode().startsWith("node") ? "#d62728" : "#1f77b4";
            s.append(rect(x1, y + 4, w, 16, color));
            double wx = x1 + r.coldStart().p90() / coldMax * panelW;
            s.append(String.format(Locale.ROOT,
                    "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"black\"/>%n", x1 + w, y + 12, wx, y + 12));
            s.append(String.format(Locale.ROOT,
                    "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"black\"/>%n", wx, y + 7, wx, y + 17));
            s.append(text((int) (wx + 4), y + 16, 11, "normal", f(r.coldStart().p50())));
            if (!r.warm().isEmpty()) {
                double ww = r.warm().p50() / warmMax * panelW;
                s.append(rect(x2, y + 4, ww, 8, "#ff7f0e"));
                double wc = nz(r.cacheHit().p50()) / warmMax * panelW;
                s.append(rect(x2, y + 13, wc, 8, "#2ca02c"));
                s.append(text((int) (x2 + Math.max(ww, wc) + 4), y + 16, 11, "normal",
                        f2(r.warm().p50()) + " / " + f2(nz(r.cacheHit().p50()))));
            }
        }
        int axisY = top + rowH * shown.size() + 5;
        axis(s, x1, axisY, panelW, coldMax);
        axis(s, x2, axisY, panelW, warmMax);
        s.append("</svg>\n");
        return s.toString();
    }

    private static void axis(StringBuilder s, int x, int y, int w, double max) {
        s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#444\"/>%n",
                x, y, x + w, y));
        for (int t = 0; t <= 4; t++) {
            double v = max * t / 4;
            int tx = x + w * t / 4;
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#444\"/>%n",
                    tx, y, tx, y + 4));
            s.append(text(tx - 10, y + 17, 10, "normal", max >= 10 ? f(v) : f2(v)));
        }
    }

    private static String rect(double x, double y, double w, double h, String color) {
        return String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"/>%n",
                x, y, Math.max(0.5, w), h, color);
    }

    private static String text(int x, int y, int size, String weight, String body) {
        return String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"%d\" font-weight=\"%s\">%s</text>%n",
                x, y, size, weight, body);
    }

    private static double niceCeil(double v) {
        double exp = Math.pow(10, Math.floor(Math.log10(v)));
        for (double m : new double[] {1, 2, 2.5, 5, 10}) {
            if (m * exp >= v) {
                return m * exp;
            }
        }
        return 10 * exp;
    }

    private static double nz(double v) {
        return Double.isNaN(v) ? 0 : v;
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).replace("|", "/");
    }

    static String f(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.0f", v);
    }

    static String f2(double v) {
        if (Double.isNaN(v)) {
            return "-";
        }
        return String.format(Locale.ROOT, v < 10 ? "%.2f" : "%.1f", v);
    }

    private static String ratio(Double v) {
        return v == null || v.isNaN() ? "-" : String.format(Locale.ROOT, "%.2f", v);
    }
}
