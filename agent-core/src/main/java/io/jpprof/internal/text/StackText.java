package io.jpprof.internal.text;

import io.jpprof.internal.profile.Addresses;
import io.jpprof.internal.profile.Frame;
import io.jpprof.internal.profile.Label;
import io.jpprof.internal.profile.Sample;
import io.jpprof.internal.profile.Stack;
import java.util.ArrayList;
import java.util.List;

/**
 * The pieces every legacy text profile shares (Go's runtime/pprof printCountProfile and heap text): the {@code @ 0x…} address list of
 * a record, its {@code # labels:} line, and its {@code #\t0x…\tfunc+0x0\tfile:line} frame lines.
 *
 * <p>Addresses are the synthetic ones of {@link Addresses}. Like Go, the record line lists return
 * addresses (one past the location's address) and the frame lines list the location address
 * itself; pprof subtracts one from what it parses and resolves the result through {@code
 * /debug/pprof/symbol}.
 */
public final class StackText {
  private StackText() {}

  /** {@code @ 0x… 0x…}: one return address per location, leaf first. */
  public static String addresses(Stack stack) {
    StringBuilder b = new StringBuilder("@");
    for (List<Frame> location : stack.locations()) {
      b.append(" 0x").append(Long.toHexString(Addresses.of(location) + 1));
    }
    return b.toString();
  }

  /**
   * Go's {@code # labels: {"k":"v", …}} line for the string labels, or the empty string when there
   * are none. Pairs are formatted as {@code %q:%q} and sorted as strings.
   */
  public static String labelsLine(List<Label> labels) {
    List<String> pairs = new ArrayList<>();
    for (Label l : labels) {
      if (l.isString()) {
        pairs.add(GoQuote.quote(l.key()) + ":" + GoQuote.quote(l.str()));
      }
    }
    if (pairs.isEmpty()) {
      return "";
    }
    pairs.sort(GoQuote::compare);
    return "# labels: {" + String.join(", ", pairs) + "}";
  }

  /**
   * The {@code # truncated:} line of a text profile's header: how much of each named value is in
   * stacks cut at JFR's depth ({@link Stack#isTruncated}), such as {@code # truncated: 3 of 120
   * waits, ...}. {@code names[i]} names value {@code i}; null leaves it out. A {@code #} line, so
   * pprof's legacy parsers skip it.
   */
  public static String truncatedLine(List<Sample> samples, String... names) {
    long[] cut = new long[names.length];
    long[] all = new long[names.length];
    for (Sample s : samples) {
      boolean truncated = s.stack().isTruncated();
      for (int i = 0; i < names.length; i++) {
        all[i] += s.value(i);
        cut[i] += truncated ? s.value(i) : 0;
      }
    }
    StringBuilder b = new StringBuilder("# truncated:");
    String sep = " ";
    for (int i = 0; i < names.length; i++) {
      if (names[i] != null) {
        b.append(sep).append(cut[i]).append(" of ").append(all[i]).append(' ').append(names[i]);
        sep = ", ";
      }
    }
    return b.append(' ').append(Stack.TRUNCATED_NOTE).append('\n').toString();
  }

  /**
   * Prints the frame lines of {@code stack} (inlined frames expanded, leaf first), then the blank
   * line that ends a record. An empty stack prints Go's single {@code #\t0x0} line.
   */
  public static void printFrames(TabWriter w, Stack stack) {
    if (stack.isEmpty()) {
      w.print("#\t0x0\n");
    }
    for (List<Frame> location : stack.locations()) {
      String pc = "0x" + Long.toHexString(Addresses.of(location));
      for (Frame f : location) {
        w.print("#\t" + pc + "\t" + f.functionName() + "+0x0\t" + f.sourcePath() + ":" + f.line() + "\n");
      }
    }
    w.print("\n");
  }
}
