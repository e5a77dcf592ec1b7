package io.jpprof.internal.text;

import java.util.ArrayList;
import java.util.List;

/**
 * Go's {@code tabwriter.NewWriter(w, 1, 8, 1, '\t', 0)}, the aligner runtime/pprof puts in front of
 * every legacy text profile. Text is buffered as lines of tab-terminated cells; on {@link #flush}
 * each column of a block of consecutive lines that have a cell in it is padded with tabs to
 * {@code max(width)+1} rounded up to a multiple of 8. A line without tabs ends every block.
 */
public final class TabWriter {
  private static final int TAB_WIDTH = 8;
  private static final int PADDING = 1;
  private static final int MIN_WIDTH = 1;

  private final StringBuilder out;
  private final List<String[]> lines = new ArrayList<>();
  private final StringBuilder partial = new StringBuilder();
  private final List<Integer> widths = new ArrayList<>();

  /** A writer that appends its aligned output to {@code out}. */
  public TabWriter(StringBuilder out) {
    this.out = out;
  }

  /** Buffers text; lines end at {@code \n}. */
  public TabWriter print(String text) {
    int start = 0;
    for (int nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
      partial.append(text, start, nl);
      lines.add(partial.toString().split("\t", -1));
      partial.setLength(0);
      start = nl + 1;
    }
    partial.append(text, start, text.length());
    return this;
  }

  /** Aligns and writes everything buffered; every buffered line ends with {@code \n}. */
  public void flush() {
    if (partial.length() > 0) {
      print("\n");
    }
    format(0, lines.size());
    lines.clear();
  }

  private void format(int line0, int line1) {
    int column = widths.size();
    for (int i = line0; i < line1; i++) {
      if (column >= lines.get(i).length - 1) {
        continue;
      }
      writeLines(line0, i);
      line0 = i;
      int width = MIN_WIDTH;
      for (; i < line1 && column < lines.get(i).length - 1; i++) {
        width = Math.max(width, cellWidth(lines.get(i)[column]) + PADDING);
      }
      widths.add(width);
      format(line0, i);
      widths.remove(widths.size() - 1);
      line0 = i;
      i--;
    }
    writeLines(line0, line1);
  }

  private void writeLines(int line0, int line1) {
    for (int i = line0; i < line1; i++) {
      String[] cells = lines.get(i);
      for (int j = 0; j < cells.length; j++) {
        out.append(cells[j]);
        if (j < widths.size() && j < cells.length - 1) {
          int width = (widths.get(j) + TAB_WIDTH - 1) / TAB_WIDTH * TAB_WIDTH;
          int pad = width - cellWidth(cells[j]);
          out.append("\t".repeat((pad + TAB_WIDTH - 1) / TAB_WIDTH));
        }
      }
      out.append('\n');
    }
  }

  private static int cellWidth(String cell) {
    return cell.codePointCount(0, cell.length());
  }
}
