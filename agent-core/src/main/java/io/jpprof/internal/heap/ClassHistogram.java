package io.jpprof.internal.heap;

import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * The JVM's exact live-object histogram ({@code GC.class_histogram} through the DiagnosticCommand
 * MBean). Taking it forces a full GC: about 150–200 ms per live GB with G1 on two cores, so only
 * {@code gc=1} asks for it. Class names are JVM descriptors ({@code [B}, {@code
 * [Ljava.lang.Object;}), the form JFR also uses. G1's filler objects (JDK 25 lists them as live)
 * are left out.
 */
final class ClassHistogram {
  private static final Pattern ROW = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)");
  private static final String FILLER = "jdk.internal.vm.FillerElement";

  /** Instances and bytes of one class. */
  record Entry(long instances, long bytes) {}

  private final Map<String, Entry> classes;
  private final long gcCount;

  private ClassHistogram(Map<String, Entry> classes, long gcCount) {
    this.classes = classes;
    this.gcCount = gcCount;
  }

  /** Runs a full GC and returns the live objects per class. */
  static ClassHistogram take() {
    try {
      Object text = ManagementFactory.getPlatformMBeanServer().invoke(
          new ObjectName("com.sun.management:type=DiagnosticCommand"),
          "gcClassHistogram",
          new Object[] {new String[0]},
          new String[] {String[].class.getName()});
      return new ClassHistogram(parse(String.valueOf(text)), GcActivity.totalCollections());
    } catch (JMException e) {
      throw new IllegalStateException("GC.class_histogram failed: " + e.getMessage(), e);
    }
  }

  static Map<String, Entry> parse(String text) {
    Map<String, Entry> out = new HashMap<>();
    for (String line : text.split("\n")) {
      Matcher m = ROW.matcher(line);
      if (m.find() && !m.group(3).contains(FILLER)) {
        out.merge(m.group(3), new Entry(Long.parseLong(m.group(1)), Long.parseLong(m.group(2))),
            (a, b) -> new Entry(a.instances + b.instances, a.bytes + b.bytes));
      }
    }
    return out;
  }

  /** Classes and their live instances and bytes. */
  Map<String, Entry> classes() {
    return classes;
  }

  /** True while no GC has run since the histogram's own, so it still describes the last GC. */
  boolean current() {
    return GcActivity.totalCollections() == gcCount;
  }
}
