package io.jpprof;

import io.jpprof.internal.Collectors;
import io.jpprof.internal.CustomProfile;
import io.jpprof.internal.agentlink.AgentLink;
import io.jpprof.internal.cpu.CpuProfiler;
import io.jpprof.internal.labels.LabelScopes;
import io.jpprof.internal.labels.LabelSet;
import io.jpprof.internal.profile.Frame;
import io.jpprof.internal.profile.NamedProfiles;
import io.jpprof.internal.profile.ProfileSource;
import io.jpprof.internal.profile.ProfileView;
import io.jpprof.internal.profile.ProtoWriter;
import io.jpprof.internal.profile.Stack;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * A Profile is a collection of stack traces showing the call sequences that led to instances of a
 * particular event, such as a thread blocking or a resource being opened. It mirrors Go's {@code
 * runtime/pprof.Profile}; see the package documentation for the predefined profiles.
 *
 * <p>Custom profiles ({@link #newProfile}) record, for each value passed to {@link #add}, the stack
 * of the code that added it, until the value is passed to {@link #remove}. Values are compared with
 * {@link Object#equals} and {@link Object#hashCode}.
 *
 * <p>A Profile's methods can be called from multiple threads simultaneously.
 *
 * <p>With {@code jpprof-agent.jar} in the JVM, labels, custom profiles, the thresholds and {@link
 * #startRecording()} set through this API show in the agent's profiles as well, when both are the
 * same jpprof version (see the agent's documentation).
 */
public final class Profile {
  private static final int MAX_STACK_DEPTH = 32;
  private static final Frame LOST_PROFILE_EVENT =
      Frame.of("io.jpprof.Profile", "lostProfileEvent", "Profile.java", 0);

  private final String name;
  private final ProfileSource source;
  private final CustomProfile custom; // null for a built-in profile
  /** The agent's profile of the same name that this custom one mirrors into (see AgentLink), or null. */
  private final Object agentProfile;

  private Profile(String name, ProfileSource source, CustomProfile custom, Object agentProfile) {
    this.name = name;
    this.source = source;
    this.custom = custom;
    this.agentProfile = agentProfile;
  }

  /** The process's collectors: they keep the registry, every built-in profile and the CPU profiler. */
  private static Collectors collectors() {
    return Collectors.process();
  }

  private static Profile of(NamedProfiles.Entry e) {
    return (Profile) collectors().profiles().api(e, x -> new Profile(x.name(), x.source(), null, null));
  }

  /** All profiles, sorted by name. */
  public static List<Profile> profiles() {
    List<Profile> all = new ArrayList<>();
    for (NamedProfiles.Entry e : collectors().profiles().all()) {
      all.add(of(e));
    }
    return all;
  }

  /** The profile with the given name, or null if there is none. */
  public static Profile lookup(String name) {
    NamedProfiles.Entry e = collectors().profiles().get(name);
    return e == null ? null : of(e);
  }

  /**
   * Creates a new profile with the given name. Names may contain {@code /}; by convention they are
   * prefixed with a package or domain ({@code com.example.open.files}) and have no spaces.
   *
   * @throws IllegalArgumentException {@code pprof: NewProfile with empty name}, or {@code pprof:
   *     NewProfile name already in use: <name>}, as Go panics
   */
  public static Profile newProfile(String name) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("pprof: NewProfile with empty name");
    }
    NamedProfiles registry = collectors().profiles();
    if (registry.get(name) != null) {
      throw new IllegalArgumentException("pprof: NewProfile name already in use: " + name);
    }
    AgentLink agent = AgentLink.agent();
    Object agentProfile = agent == null ? null : agent.newProfile(name);
    CustomProfile custom = new CustomProfile(name);
    return of(registry.add(name, custom, e -> new Profile(name, custom, custom, agentProfile)));
  }

  /** The profile's name. */
  public String name() {
    return name;
  }

  /** The number of execution stacks currently in the profile. */
  public int count() {
    return source.count();
  }

  /**
   * Adds the current execution stack to the profile, associated with {@code value}. The stack is
   * kept until {@link #remove} is called with the same value.
   *
   * <p>{@code skip} says where the stack begins: 0 begins it at the method calling {@code add}, 1
   * at that method's caller, and so on. If skip leaves no frames, the stack is the single frame
   * {@code io.jpprof.Profile.lostProfileEvent}. At most 32 frames are kept.
   *
   * @throws IllegalStateException {@code pprof: Add called on built-in Profile <name>}
   * @throws IllegalArgumentException {@code pprof: Profile.Add of duplicate value}
   */
  public void add(Object value, int skip) {
    if (custom == null) {
      throw new IllegalStateException("pprof: Add called on built-in Profile " + name);
    }
    Objects.requireNonNull(value, "value");
    List<Frame> frames = new ArrayList<>();
    StackWalker.getInstance()
        .walk(
            s ->
                s.skip(1L + Math.max(skip, 0))
                    .limit(MAX_STACK_DEPTH)
                    .map(f -> Frame.of(f.getClassName(), f.getMethodName(), f.getFileName(), f.getLineNumber()))
                    .toList())
        .forEach(frames::add);
    Stack stack = frames.isEmpty() ? Stack.of(List.of(LOST_PROFILE_EVENT)) : Stack.of(frames);
    custom.add(value, stack);
    if (agentProfile != null) {
      AgentLink.agent().add(agentProfile, value, skip);
    }
  }

  /**
   * Removes the stack associated with {@code value}; does nothing if the value is not in the
   * profile, or if this is a built-in profile.
   */
  public void remove(Object value) {
    if (custom == null) {
      return;
    }
    custom.remove(value);
    if (agentProfile != null) {
      AgentLink.agent().remove(agentProfile, value);
    }
  }

  /**
   * Writes the profile to {@code out}; the JFR-backed profiles (heap, allocs, block, mutex,
   * threadcreate) throw {@link UnsupportedOperationException} naming the reason where the runtime
   * has no JFR (as does {@link #count()}). {@code debug=0} writes gzip-compressed protocol buffer;
   * {@code debug=1} (any non-zero value) writes Go's legacy text form, in which addresses are
   * explained by comments naming the Java methods; for {@code goroutine}, {@code debug>=2} writes
   * every thread in the JVM's thread-dump form. The stream is not closed.
   */
  public void writeTo(OutputStream out, int debug) throws IOException {
    source.write(name, out, debug, ProfileView.DEFAULT);
  }

  /**
   * Writes the {@code heap} profile to {@code out} as gzip-compressed protocol buffer, like Go's
   * {@code WriteHeapProfile} ({@code lookup("heap").writeTo(out, 0)}). Call {@link
   * #startRecording()} early: the profile covers what happened after that.
   */
  public static void writeHeapProfile(OutputStream out) throws IOException {
    lookup("heap").writeTo(out, 0);
  }

  /**
   * Starts the always-on collectors behind {@code heap}, {@code allocs}, {@code block}, {@code
   * mutex} and {@code threadcreate}: one JFR stream and the garbage-collector listeners, opened in
   * the background (the caller never waits). Go keeps these profiles from program start; on the
   * JVM they cover what happens after this call, so call it early. The first use of one of these
   * profiles starts them too.
   *
   * <p>The collectors then run for the life of the process: this call holds one claim on them that
   * is never released. (A pprof server holds its own claim only while it runs, and stops the
   * collectors when it closes unless someone else, such as this call, still holds one.) Calling it
   * again does nothing. On a runtime without JFR it does nothing.
   */
  public static void startRecording() {
    collectors().holdForProcess();
    AgentLink agent = AgentLink.agent();
    if (agent != null) {
      agent.startRecording();
    }
  }

  /**
   * Sets the threshold above which waits are recorded in the {@code block} profile, and returns the
   * previous one: the JVM's counterpart of Go's {@code SetBlockProfileRate}. Default 10 ms (or
   * {@code -Djpprof.block.threshold}); {@link Duration#ZERO} records every wait (costly on hot
   * locks); a negative duration turns the profile off.
   */
  public static Duration setBlockProfileThreshold(Duration threshold) {
    Duration before = collectors().contention().setBlockThreshold(Objects.requireNonNull(threshold, "threshold"));
    AgentLink agent = AgentLink.agent();
    if (agent != null) {
      agent.setBlockProfileThreshold(threshold);
    }
    return before;
  }

  /**
   * Sets the threshold above which lock contention is recorded in the {@code mutex} profile, and
   * returns the previous one: the JVM's counterpart of Go's {@code SetMutexProfileFraction}.
   * Default 10 ms (or {@code -Djpprof.mutex.threshold}); a negative duration turns it off.
   */
  public static Duration setMutexProfileThreshold(Duration threshold) {
    Duration before = collectors().contention().setMutexThreshold(Objects.requireNonNull(threshold, "threshold"));
    AgentLink agent = AgentLink.agent();
    if (agent != null) {
      agent.setMutexProfileThreshold(threshold);
    }
    return before;
  }

  /**
   * Enables CPU profiling for the current process. While profiling, the profile is buffered and
   * written to {@code out} by {@link #stopCpuProfile} as a gzip-compressed protocol buffer.
   *
   * <p>Samples come from JFR: {@code jdk.CPUTimeSample} at 50 Hz where the JDK has it (25+,
   * Linux), else {@code jdk.ExecutionSample} at 25 Hz (rates at which a profile costs at most 1 %
   * of throughput; at Go's 100 Hz it cost several percent);
   * {@code cpu/nanoseconds} is each thread's measured CPU time spread over its samples. Only one CPU profile can run at a time, here or at {@code /debug/pprof/profile}.
   *
   * @throws IllegalStateException {@code cpu profiling already in use}, as Go's error says
   * @throws UnsupportedOperationException {@code jpprof: JFR is not available in this runtime
   *     (module jdk.jfr missing)} where there is no JFR
   */
  public static void startCpuProfile(OutputStream out) {
    Objects.requireNonNull(out, "out");
    collectors().cpu().startForApi(CpuProfiler.defaultHz(), out);
  }

  /**
   * Stops the current CPU profile, if any, and writes it; returns only once the profile is written.
   * Does nothing when no profile was started with {@link #startCpuProfile}.
   */
  public static void stopCpuProfile() throws IOException {
    CpuProfiler.ApiProfile done = collectors().cpu().stopForApi();
    if (done != null) {
      ProtoWriter.write(done.profile(), done.out());
    }
  }

  /**
   * Runs {@code body} with {@code labels} added to the calling thread's profiler labels, like Go's
   * {@code pprof.Do}: CPU samples taken while it runs carry them (next to {@code thread}), the
   * goroutine and wall-clock profiles show them on this thread, and {@code go tool pprof -tagfocus
   * route=/checkout} or {@code -tags} slice by them. Nested calls merge, the inner value winning
   * for a key both set; the thread's labels before the call are restored when {@code body} returns
   * or throws. Works on platform and virtual threads; the labels belong to the thread, so work
   * handed to another thread does not carry them (wrap it there too).
   *
   * <p>Cheap enough for every request: with no profile running, entering and leaving costs a few
   * tens of nanoseconds and allocates only the merged label set (nothing when the thread had no
   * labels and {@code labels} is prebuilt); see docs/benchmarks.md.
   */
  public static void doWithLabels(Labels labels, Runnable body) {
    runIn(Objects.requireNonNull(labels, "labels").set(), body);
  }

  /** {@link #doWithLabels(Labels, Runnable)} with the labels of a map ({@code Map.of("route", "/checkout")}). */
  public static void doWithLabels(Map<String, String> labels, Runnable body) {
    runIn(LabelSet.of(labels), body); // no public Labels unless the body asks for labels()
  }

  private static void runIn(LabelSet labels, Runnable body) {
    Objects.requireNonNull(body, "body");
    LabelSet before = LabelScopes.enter(labels);
    try {
      body.run();
    } finally {
      LabelScopes.exit(before);
    }
  }

  /**
   * {@link #doWithLabels(Labels, Runnable)} for a body that returns a value or throws a checked
   * exception, which is passed on unchanged.
   */
  public static <T> T callWithLabels(Labels labels, Callable<T> body) throws Exception {
    return callIn(Objects.requireNonNull(labels, "labels").set(), body);
  }

  /** {@link #callWithLabels(Labels, Callable)} with the labels of a map. */
  public static <T> T callWithLabels(Map<String, String> labels, Callable<T> body) throws Exception {
    return callIn(LabelSet.of(labels), body);
  }

  private static <T> T callIn(LabelSet labels, Callable<T> body) throws Exception {
    Objects.requireNonNull(body, "body");
    LabelSet before = LabelScopes.enter(labels);
    try {
      return body.call();
    } finally {
      LabelScopes.exit(before);
    }
  }

  /** The calling thread's current profiler labels ({@link Labels#EMPTY} outside any labelled scope). */
  public static Labels labels() {
    return Labels.wrap(LabelScopes.current());
  }

  /** The value of the calling thread's label {@code key}, or null (Go's {@code pprof.Label}). */
  public static String label(String key) {
    return LabelScopes.current().get(key);
  }

  @Override
  public String toString() {
    return "Profile(" + name + ")";
  }
}
