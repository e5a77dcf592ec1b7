/**
 * The {@code heap} and {@code allocs} profiles: always-on JFR allocation sampling ({@code
 * jdk.ObjectAllocationSample}) aggregated by allocation stack, and the JVM's live-object sample set
 * ({@code jdk.OldObjectSample}) read by short snapshot recordings, optionally calibrated by the
 * class histogram. {@link io.jpprof.internal.heap.HeapProfiles} is the public switch; docs/heap.md explains
 * every estimate and its measured accuracy.
 */
package io.jpprof.internal.heap;
