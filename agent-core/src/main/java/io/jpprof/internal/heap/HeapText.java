package io.jpprof.internal.heap;

import io.jpprof.internal.profile.ProfileData;
import io.jpprof.internal.profile.Sample;
import io.jpprof.internal.profile.SampleTable;
import io.jpprof.internal.text.StackText;
import io.jpprof.internal.text.TabWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Go's {@code heap}/{@code allocs} {@code debug=1} text (spec go-pprof §3.5):
 *
 * <pre>
 * heap profile: &lt;inuse objs&gt;: &lt;inuse bytes&gt; [&lt;alloc objs&gt;: &lt;alloc bytes&gt;] @ heap/2
 * &lt;inuse objs&gt;: &lt;inuse bytes&gt; [&lt;alloc objs&gt;: &lt;alloc bytes&gt;] @ 0x… 0x…
 * #	0x…	func+0x0	file:line
 *
 * # java.lang.management
 * # Key = value
 * </pre>
 *
 * One record per stack (classes merged), sorted by in-use bytes, then alloc bytes, descending; the
 * header totals are the sums of the records (alloc bytes printed one higher when equal to in-use
 * bytes, as Go does, so pprof keeps four columns). Go prints raw sampled counts with twice its
 * sampling rate and pprof scales them up; jpprof's numbers are already estimates of everything, so
 * it prints rate 1 ({@code heap/2}), which pprof takes as "no adjustment". A {@code # truncated:}
 * line gives the bytes in stacks JFR cut at its depth; the profile's comments follow it, and the JVM's memory statistics take the place of {@code # runtime.MemStats}.
 */
final class HeapText {
  private HeapText() {}

  static byte[] write(ProfileData profile, List<String> stats) {
    SampleTable byStack = new SampleTable(4);
    for (Sample s : profile.samples()) {
      byStack.add(s.stack(), List.of(), s.values());
    }
    List<Sample> records = new ArrayList<>(byStack.samples());
    records.sort(Comparator.comparingLong((Sample s) -> s.value(3)).reversed()
        .thenComparing(Comparator.comparingLong((Sample s) -> s.value(1)).reversed()));
    long[] total = new long[4];
    for (Sample s : records) {
      for (int i = 0; i < 4; i++) {
        total[i] += s.value(i);
      }
    }
    long allocBytes = total[1] == total[3] ? total[1] + 1 : total[1];
    StringBuilder out = new StringBuilder();
    TabWriter w = new TabWriter(out);
    w.print("heap profile: " + total[2] + ": " + total[3] + " [" + total[0] + ": " + allocBytes + "] @ heap/2\n");
    w.print(StackText.truncatedLine(records, null, "bytes allocated", null, "bytes in use"));
    for (String comment : profile.comments()) {
      w.print("# " + comment + "\n");
    }
    for (Sample s : records) {
      w.print(s.value(2) + ": " + s.value(3) + " [" + s.value(0) + ": " + s.value(1) + "] "
          + StackText.addresses(s.stack()) + "\n");
      StackText.printFrames(w, s.stack());
    }
    w.print("\n# java.lang.management\n");
    for (String line : stats) {
      w.print("# " + line + "\n");
    }
    w.flush();
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }
}
