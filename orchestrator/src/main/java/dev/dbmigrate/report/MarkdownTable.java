package dev.dbmigrate.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A Markdown table, the one way the reports write one: a header row, each column aligned left or right, and rows
 * whose cells are each made one line with their pipes escaped ({@link #cell(String)}).
 */
final class MarkdownTable {
    private final List<String> header;
    private final boolean[] right;
    private final List<List<String>> rows = new ArrayList<>();

    private MarkdownTable(List<String> header) {
        this.header = header;
        this.right = new boolean[header.size()];
    }

    /** A table with these column headings (an empty heading leaves the column untitled), every column left-aligned. */
    static MarkdownTable of(String... header) {
        return new MarkdownTable(List.of(header));
    }

    /** Aligns the columns at these positions (from 0) to the right, as numbers are. */
    MarkdownTable right(int... columns) {
        for (int column : columns) {
            right[column] = true;
        }
        return this;
    }

    /** Adds a row; each value is written with {@link String#valueOf}, {@code null} as an empty cell. */
    MarkdownTable row(Object... cells) {
        if (cells.length != header.size()) {
            throw new IllegalArgumentException(cells.length + " cells for " + header.size() + " columns");
        }
        rows.add(Arrays.stream(cells)
                .map(c -> cell(c == null ? null : String.valueOf(c)))
                .toList());
        return this;
    }

    /** The table's lines, each ending with a newline. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("|");
        header.forEach(h -> out.append(h.isEmpty() ? " |" : " " + cell(h) + " |"));
        out.append("\n|");
        for (boolean r : right) {
            out.append(r ? "---:|" : "---|");
        }
        out.append('\n');
        for (List<String> row : rows) {
            out.append("| ").append(String.join(" | ", row)).append(" |\n");
        }
        return out.toString();
    }

    /** Text safe inside a table cell: one line, pipes escaped; {@code null} is empty. */
    static String cell(String text) {
        return text == null ? "" : text.replaceAll("\\s*\\R\\s*", " ").replace("|", "\\|");
    }
}
