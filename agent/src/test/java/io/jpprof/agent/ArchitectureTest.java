package io.jpprof.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The shape docs/architecture.md describes, checked on the compiled classes of every published jar:
 * packages depend one way (no import cycle between any two packages under {@code io.jpprof}), and
 * process-wide mutable state lives in the few static fields listed in {@link #STATE}, each with the
 * reason it cannot be an instance field of the owner object.
 */
class ArchitectureTest {
  /** The static fields allowed to hold mutable state, and why each is process-wide. */
  static final Map<String, String> STATE = Map.of(
      "io.jpprof.internal.Collectors.process",
      "the default owner the static Go-style API and the doors use, created on first use",
      "io.jpprof.internal.labels.LabelScopes.THREADS",
      "labels belong to threads, which are process-wide: one registry per class loader, as Go's are per process",
      "io.jpprof.internal.profile.Addresses.PROCESS",
      "a location's address must stay unique for the life of the process, across every writer",
      "io.jpprof.agent.Agent.loaded",
      "a JVM loads an agent once; a second -javaagent or attach must find the first");

  /**
   * Types whose instances never change what they mean, though a field caches something: loggers
   * (the binding's may keep a level), label sets (memoized hash and encodings).
   */
  private static final Set<String> VALUES = Set.of("org.slf4j.Logger", "io.jpprof.Labels", "io.jpprof.internal.labels.LabelSet");

  /** Packages that are not jpprof's own code (the agent bundles relocated libraries). */
  private static final String SHADED = "io.jpprof.agent.shaded";

  @Test
  void noImportCycleBetweenPackages() throws Exception {
    Map<String, Set<String>> uses = packageGraph();
    assertThat(uses).hasSizeGreaterThan(10);
    List<List<String>> cycles = cycles(uses);
    StringBuilder why = new StringBuilder();
    for (List<String> cycle : cycles) {
      why.append(cycle).append('\n');
      for (String p : cycle) {
        Set<String> inCycle = new TreeSet<>(uses.get(p));
        inCycle.retainAll(cycle);
        why.append("  ").append(p).append(" -> ").append(inCycle).append('\n');
      }
    }
    assertThat(cycles).as("package cycles:\n%s", why).isEmpty();
  }

  /** The guard itself: a two-package cycle and a three-package one are found, a chain is not. */
  @Test
  void aCycleIsFound() {
    Map<String, Set<String>> g = new HashMap<>();
    g.put("a", Set.of("b"));
    g.put("b", Set.of("c"));
    g.put("c", Set.of("a", "d"));
    g.put("d", Set.of("e"));
    g.put("e", Set.of("d"));
    g.put("f", Set.of("a"));
    assertThat(cycles(g)).containsExactlyInAnyOrder(List.of("a", "b", "c"), List.of("d", "e"));
  }

  @Test
  void mutableStaticStateOnlyWhereListed() throws Exception {
    assertThat(STATE).hasSizeLessThanOrEqualTo(5);
    Set<String> found = new TreeSet<>();
    for (Class<?> c : PublicApiTest.mainClasses()) {
      if (c.getPackageName().startsWith(SHADED) || c.isInterface()) {
        continue;
      }
      for (Field f : c.getDeclaredFields()) {
        if (Modifier.isStatic(f.getModifiers()) && !f.isSynthetic() && !f.isEnumConstant() && mutable(f)) {
          found.add(c.getName() + "." + f.getName());
        }
      }
    }
    assertThat(found).as("static fields that hold mutable state").isEqualTo(new TreeSet<>(STATE.keySet()));
  }

  /** The guard itself: counters, maps, arrays and non-final fields are state; constants are not. */
  @Test
  void mutableStateIsRecognised() throws Exception {
    Map<String, Boolean> expected = new TreeMap<>(Map.of(
        "COUNTER", true, "TABLE", true, "RING", true, "flag", true, "NAMES", false, "EMPTY_RING", false,
        "NAME", false, "LOG", false, "POINT", false, "LOCK", false));
    Map<String, Boolean> actual = new TreeMap<>();
    for (Field f : Samples.class.getDeclaredFields()) {
      if (Modifier.isStatic(f.getModifiers()) && !f.isSynthetic()) {
        actual.put(f.getName(), mutable(f));
      }
    }
    assertThat(actual).isEqualTo(expected);
  }

  @SuppressWarnings("unused")
  private static final class Samples {
    static final java.util.concurrent.atomic.AtomicLong COUNTER = new java.util.concurrent.atomic.AtomicLong();
    static final Map<String, String> TABLE = new java.util.concurrent.ConcurrentHashMap<>();
    static final long[] RING = new long[4];
    static volatile boolean flag;
    static final List<String> NAMES = List.of("a");
    static final long[] EMPTY_RING = new long[0];
    static final String NAME = "n";
    static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Samples.class);
    static final Point POINT = new Point(1, List.of());
    static final Object LOCK = new Object();

    record Point(int x, List<String> tags) {}
  }

  /**
   * Whether a static field holds state that can change: it is not final, or its value is an array
   * with elements, a mutable collection, an atomic, a thread-local, or an object with such fields.
   */
  static boolean mutable(Field f) throws IllegalAccessException {
    if (!Modifier.isFinal(f.getModifiers())) {
      return true;
    }
    if (f.getType().isPrimitive() || VALUES.contains(f.getType().getName())) {
      return false;
    }
    f.setAccessible(true);
    return mutableValue(f.get(null), 0);
  }

  private static boolean mutableValue(Object v, int depth) throws IllegalAccessException {
    if (v == null || depth > 3) {
      return false;
    }
    Class<?> c = v.getClass();
    String n = c.getName();
    if (c.isArray()) {
      return java.lang.reflect.Array.getLength(v) > 0;
    }
    if (v instanceof Collection<?> || v instanceof Map<?, ?>) {
      return !(n.startsWith("java.util.ImmutableCollections$") || n.startsWith("java.util.Collections$Unmodifiable")
          || n.startsWith("java.util.Collections$Empty") || n.startsWith("java.util.Collections$Singleton"));
    }
    if (n.startsWith("java.util.concurrent.atomic.") || v instanceof ThreadLocal<?>
        || v instanceof java.lang.ref.Reference<?>) {
      return true;
    }
    if (c == Object.class || c.isEnum() || c.isSynthetic() || c.isHidden() || n.startsWith("java.")
        || n.startsWith("javax.") || n.startsWith("jdk.") || n.startsWith("org.slf4j.") || n.startsWith("com.google.")
        || n.startsWith("sun.") || n.startsWith("com.sun.") || n.startsWith("io.opentelemetry.")) {
      return false; // values, locks, loggers, lambdas, method handles
    }
    for (Class<?> k = c; k != null && k != Object.class; k = k.getSuperclass()) {
      for (Field f : k.getDeclaredFields()) {
        if (Modifier.isStatic(f.getModifiers())) {
          continue;
        }
        if (!Modifier.isFinal(f.getModifiers())) {
          return true;
        }
        if (!f.getType().isPrimitive()) {
          f.setAccessible(true);
          if (mutableValue(f.get(v), depth + 1)) {
            return true;
          }
        }
      }
    }
    return false;
  }

  /** Package → the jpprof packages its classes refer to, read from the class files' constant pools. */
  static Map<String, Set<String>> packageGraph() throws Exception {
    Map<String, Set<String>> uses = new TreeMap<>();
    for (Class<?> c : PublicApiTest.mainClasses()) {
      String from = c.getPackageName();
      if (from.startsWith(SHADED)) {
        continue;
      }
      Set<String> to = uses.computeIfAbsent(from, k -> new TreeSet<>());
      String resource = c.getName().replace('.', '/') + ".class";
      try (InputStream in = c.getClassLoader().getResourceAsStream(resource)) {
        for (String name : referencedClasses(in)) {
          int dot = name.lastIndexOf('.');
          String pkg = dot < 0 ? "" : name.substring(0, dot);
          if (pkg.startsWith("io.jpprof") && !pkg.equals(from) && !pkg.startsWith(SHADED)) {
            to.add(pkg);
          }
        }
      }
    }
    return uses;
  }

  private static final Pattern DESCRIPTOR_CLASS = Pattern.compile("L(io/jpprof/[\\w/$]+)[;<]");

  /** Class names in a class file's constant pool: class entries and names in descriptors/signatures. */
  static Set<String> referencedClasses(InputStream raw) throws IOException {
    DataInputStream in = new DataInputStream(raw);
    in.readInt();
    in.readUnsignedShort();
    in.readUnsignedShort();
    int count = in.readUnsignedShort();
    String[] utf8 = new String[count];
    List<Integer> classEntries = new ArrayList<>();
    for (int i = 1; i < count; i++) {
      int tag = in.readUnsignedByte();
      switch (tag) {
        case 1 -> utf8[i] = in.readUTF();
        case 7 -> classEntries.add(in.readUnsignedShort());
        case 8, 16, 19, 20 -> in.readUnsignedShort();
        case 15 -> {
          in.readUnsignedByte();
          in.readUnsignedShort();
        }
        case 3, 4, 9, 10, 11, 12, 17, 18 -> in.readInt();
        case 5, 6 -> {
          in.readLong();
          i++;
        }
        default -> throw new IOException("unknown constant pool tag " + tag);
      }
    }
    Set<String> names = new HashSet<>();
    for (int idx : classEntries) {
      String s = utf8[idx];
      if (s != null && !s.startsWith("[")) {
        names.add(s.replace('/', '.'));
      }
    }
    for (String s : utf8) {
      if (s != null) {
        Matcher m = DESCRIPTOR_CLASS.matcher(s);
        while (m.find()) {
          names.add(m.group(1).replace('/', '.'));
        }
      }
    }
    return names;
  }

  /** The strongly connected sets of more than one package (Tarjan), each sorted. */
  static List<List<String>> cycles(Map<String, Set<String>> g) {
    Map<String, Integer> index = new HashMap<>();
    Map<String, Integer> low = new HashMap<>();
    List<String> stack = new ArrayList<>();
    Set<String> onStack = new HashSet<>();
    List<List<String>> out = new ArrayList<>();
    int[] counter = {0};
    for (String v : new TreeSet<>(g.keySet())) {
      if (!index.containsKey(v)) {
        connect(v, g, index, low, stack, onStack, out, counter);
      }
    }
    return out;
  }

  private static void connect(String v, Map<String, Set<String>> g, Map<String, Integer> index, Map<String, Integer> low,
      List<String> stack, Set<String> onStack, List<List<String>> out, int[] counter) {
    index.put(v, counter[0]);
    low.put(v, counter[0]++);
    stack.add(v);
    onStack.add(v);
    for (String w : g.getOrDefault(v, Set.of())) {
      if (!g.containsKey(w)) {
        continue;
      }
      if (!index.containsKey(w)) {
        connect(w, g, index, low, stack, onStack, out, counter);
        low.put(v, Math.min(low.get(v), low.get(w)));
      } else if (onStack.contains(w)) {
        low.put(v, Math.min(low.get(v), index.get(w)));
      }
    }
    if (low.get(v).equals(index.get(v))) {
      List<String> component = new ArrayList<>();
      String w;
      do {
        w = stack.remove(stack.size() - 1);
        onStack.remove(w);
        component.add(w);
      } while (!w.equals(v));
      if (component.size() > 1) {
        component.sort(null);
        out.add(component);
      }
    }
  }
}
