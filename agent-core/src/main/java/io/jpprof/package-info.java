/**
 * Package io.jpprof writes runtime profiling data in the format expected by the pprof
 * visualization tool, the JVM's counterpart of Go's {@code runtime/pprof}.
 *
 * <h2>Profiles</h2>
 *
 * A {@link io.jpprof.Profile} is a collection of stack traces showing the call sequences that led
 * to instances of a particular event. Each profile has a unique name; a few are predefined:
 *
 * <pre>
 * goroutine    - stack traces of all current threads (platform, and virtual on JDK 21+)
 * heap         - a sampling of memory allocations of live objects
 * allocs       - a sampling of all past memory allocations
 * </pre>
 *
 * heap and allocs come from JFR sampling that runs from {@link
 * io.jpprof.Profile#startRecording()} (or the first heap or allocs profile) for the life of the
 * process, or while an HTTP server runs; {@link io.jpprof.Profile#writeHeapProfile} writes the heap
 * profile. Where the runtime has no JFR (a jlink image without {@code jdk.jfr}), the JFR-backed
 * profiles throw {@link UnsupportedOperationException} with a message saying so; goroutine and
 * custom profiles work.
 *
 * <pre>
 * threadcreate - stack traces that led to the creation of new threads
 * block        - stack traces that led to blocking (waits above a threshold)
 * mutex        - stack traces of holders of contended locks (here: of the waiters)
 * </pre>
 *
 * <p>Programs can define their own profiles with {@link io.jpprof.Profile#newProfile}, for
 * example to track resources that must be closed:
 *
 * <pre>{@code
 * static final Profile OPEN_FILES = Profile.newProfile("example.com/open.files");
 *
 * Handle open(String path) {
 *   Handle h = ...;
 *   OPEN_FILES.add(h, 0);     // records the caller's stack
 *   return h;
 * }
 *
 * void close(Handle h) {
 *   OPEN_FILES.remove(h);
 *   ...
 * }
 * }</pre>
 *
 * {@code Profile.lookup("goroutine").writeTo(System.out, 2)} prints a thread dump. {@code debug=0}
 * writes a gzip-compressed protocol buffer as described in
 * https://github.com/google/pprof/tree/main/proto#overview; {@code debug=1} writes Go's legacy text
 * form with comments translating addresses to methods; for {@code goroutine}, {@code debug=2}
 * writes every thread in the JVM's thread-dump form.
 *
 * <h2>Labels</h2>
 *
 * {@link io.jpprof.Profile#doWithLabels} runs code with profiler labels ({@link io.jpprof.Labels}),
 * like Go's {@code pprof.Do}: CPU samples taken meanwhile, and the goroutine and wall-clock
 * profiles, carry them, so {@code go tool pprof -tagfocus route=/checkout} shows one route.
 *
 * <pre>{@code
 * Profile.doWithLabels(Labels.of("route", "/checkout"), () -> handle(request));
 * }</pre>
 *
 * <p>To serve these over HTTP at {@code /debug/pprof/}, see {@code io.jpprof.http.Pprof} in
 * jpprof-agent-http.
 */
package io.jpprof;
