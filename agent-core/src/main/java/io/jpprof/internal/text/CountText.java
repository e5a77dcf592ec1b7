package io.jpprof.internal.text;

import io.jpprof.internal.profile.ProfileData;
import io.jpprof.internal.profile.Sample;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Go's legacy text for count profiles (goroutine {@code debug=1}, threadcreate, custom profiles):
 *
 * <pre>
 * &lt;name&gt; profile: total N
 * &lt;count&gt; @ 0x… 0x…
 * # labels: {"k":"v"}
 * #	0x…	func+0x0	file:line
 * </pre>
 *
 * The profile's comments (what a source left out, say) follow the header as {@code #} lines,
 * which pprof's parser skips.
 *
 * One record per distinct (stack, labels), sorted by count descending, then by the record's key
 * (the {@code @} line plus the labels line) ascending, all through {@link TabWriter}.
 */
public final class CountText {
  private CountText() {}

  /** The text of {@code profile}, whose first value is the count. */
  public static byte[] write(String name, ProfileData profile) {
    record Entry(String key, long count, Sample sample) {}
    List<Entry> entries = new ArrayList<>();
    for (Sample s : profile.samples()) {
      String labels = StackText.labelsLine(s.labels());
      String key = StackText.addresses(s.stack()) + (labels.isEmpty() ? "" : "\n" + labels);
      entries.add(new Entry(key, s.value(0), s));
    }
    entries.sort(
        Comparator.comparingLong(Entry::count).reversed().thenComparing(Entry::key, GoQuote::compare));
    StringBuilder out = new StringBuilder();
    TabWriter w = new TabWriter(out);
    w.print(name + " profile: total " + profile.total(0) + "\n");
    for (String comment : profile.comments()) {
      w.print("# " + comment + "\n");
    }
    for (Entry e : entries) {
      w.print(e.count + " " + e.key + "\n");
      StackText.printFrames(w, e.sample.stack());
    }
    w.flush();
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }
}
