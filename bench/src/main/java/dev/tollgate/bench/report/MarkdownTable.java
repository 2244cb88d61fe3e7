package dev.tollgate.bench.report;

import java.util.List;
import java.util.Map;

/**
 * One Markdown table: a header row, the {@code |---|} separator, then rows, each line ending in
 * {@code \n}. An empty cell is written {@code | |}. Every table of the benchmark's results is written
 * with it, so they all read alike.
 */
public final class MarkdownTable {

    private final int columns;
    private final StringBuilder md = new StringBuilder();

    /** A table with these column headings, in order. */
    public MarkdownTable(List<String> headings) {
        if (headings.isEmpty()) {
            throw new IllegalArgumentException("a table needs at least one column");
        }
        this.columns = headings.size();
        line(headings);
        md.append("|---".repeat(columns)).append("|\n");
    }

    /** As {@link #MarkdownTable(List)}. */
    public MarkdownTable(String... headings) {
        this(List.of(headings));
    }

    /**
     * Adds a row.
     *
     * @throws IllegalArgumentException when there are not as many cells as columns
     */
    public MarkdownTable row(List<String> cells) {
        if (cells.size() != columns) {
            throw new IllegalArgumentException("a row of " + cells.size() + " cells in a table of " + columns
                    + " columns");
        }
        line(cells);
        return this;
    }

    /** As {@link #row(List)}. */
    public MarkdownTable row(String... cells) {
        return row(List.of(cells));
    }

    /** The header, the separator and the rows so far. */
    @Override
    public String toString() {
        return md.toString();
    }

    /**
     * The notes under a table: nothing when there are none, else a blank line and one
     * {@code - key: value} line per note, in the map's order.
     */
    public static String notes(Map<String, String> notes) {
        if (notes.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder("\n");
        notes.forEach((k, v) -> out.append("- ").append(k).append(": ").append(v).append('\n'));
        return out.toString();
    }

    private void line(List<String> cells) {
        md.append('|');
        for (String cell : cells) {
            md.append(cell.isEmpty() ? "" : " " + cell).append(" |");
        }
        md.append('\n');
    }
}
