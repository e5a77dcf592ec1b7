package io.jpprof.internal.profile;

import java.util.ArrayList;
import java.util.List;

/**
 * How a request wants a profile shown: by thread or not, with allocated types or not.
 *
 * <p>Sources keep what only some views show as internal labels ({@link #THREAD}, {@link
 * #PREVIOUS_OWNER}, {@link #CLASS}, {@link #LOCK_CLASS}); {@link #apply} turns them into frames or
 * folds them away, so no written profile carries them as labels. In Pyroscope every sample label
 * becomes a stored series, and thread names, pool names and classes are sets without a bound; Go's
 * own profiles carry none of them. Asked for, they become frames, which pprof's {@code -focus}
 * reads and a flame graph shows: the thread ({@code [thread: main]}, or for a monitor wait the
 * thread that held it, {@code [previous owner: pool-1]}) as the root, the allocated or locked
 * class in Java source form ({@code byte[]}, {@code java.lang.Long}) as the leaf, under the line
 * that allocated or waited.
 *
 * @param byThread a root frame per thread
 * @param types a leaf frame per allocated (heap, allocs) or locked (mutex, block) class
 */
public record ProfileView(boolean byThread, boolean types) {
  /** Go's form: no thread, no type. */
  public static final ProfileView DEFAULT = new ProfileView(false, false);

  /** Internal label: the name of the sampled thread (CPU, wall). */
  public static final String THREAD = "jpprof.thread";
  /** Internal label: the thread that last held the monitor waited for (mutex, block). */
  public static final String PREVIOUS_OWNER = "jpprof.previous_owner";
  /** Internal label: the allocated class, JVM descriptor form ({@code [B}) (heap, allocs). */
  public static final String CLASS = "jpprof.class";
  /** Internal label: the class of the lock or monitor waited for (mutex, block). */
  public static final String LOCK_CLASS = "jpprof.lock_class";

  /** The profile as this view shows it; the same object when it has nothing to change. */
  public ProfileData apply(ProfileData profile) {
    if (profile.samples().stream().noneMatch(ProfileView::hasInternalLabel)) {
      return profile;
    }
    SampleTable table = new SampleTable(profile.sampleTypes().size());
    for (Sample s : profile.samples()) {
      table.add(show(s));
    }
    return profile.toBuilder().addAll(table.samples()).build();
  }

  private Sample show(Sample s) {
    List<Label> labels = new ArrayList<>(s.labels().size());
    List<Frame> frames = new ArrayList<>(s.stack().frames().size() + 2);
    frames.addAll(s.stack().frames());
    for (Label l : s.labels()) {
      switch (l.key()) {
        case CLASS, LOCK_CLASS -> {
          if (types) {
            frames.add(0, Frame.of("", javaName(l.str()), null, 0));
          }
        }
        case THREAD -> {
          if (byThread) {
            frames.add(Frame.of("", "[thread: " + l.str() + "]", null, 0));
          }
        }
        case PREVIOUS_OWNER -> {
          if (byThread) {
            frames.add(Frame.of("", "[previous owner: " + l.str() + "]", null, 0));
          }
        }
        default -> labels.add(l);
      }
    }
    return new Sample(Stack.of(frames), s.values(), labels);
  }

  private static boolean hasInternalLabel(Sample s) {
    for (Label l : s.labels()) {
      switch (l.key()) {
        case THREAD, PREVIOUS_OWNER, CLASS, LOCK_CLASS -> {
          return true;
        }
        default -> { }
      }
    }
    return false;
  }

  /**
   * A class name as Java source writes it: {@code [B} → {@code byte[]}, {@code
   * [Ljava.lang.String;} → {@code java.lang.String[]}; other names unchanged.
   */
  public static String javaName(String descriptor) {
    int dims = 0;
    while (dims < descriptor.length() && descriptor.charAt(dims) == '[') {
      dims++;
    }
    if (dims == 0) {
      return descriptor;
    }
    String element = descriptor.substring(dims);
    String base = switch (element) {
      case "Z" -> "boolean";
      case "B" -> "byte";
      case "C" -> "char";
      case "S" -> "short";
      case "I" -> "int";
      case "F" -> "float";
      case "J" -> "long";
      case "D" -> "double";
      default -> element.startsWith("L") && element.endsWith(";")
          ? element.substring(1, element.length() - 1) : element;
    };
    return base + "[]".repeat(dims);
  }
}
