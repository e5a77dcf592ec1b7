/**
 * Profiler labels behind {@link io.jpprof.Profile#doWithLabels}: label sets ({@link
 * io.jpprof.internal.labels.LabelSet}, which the public {@link io.jpprof.Labels} wraps), each
 * thread's current set ({@link io.jpprof.internal.labels.ThreadLabels}, the class loader's one in
 * {@link io.jpprof.internal.labels.LabelScopes}), and how CPU samples learn the labels their thread
 * had when they were taken ({@link io.jpprof.internal.labels.LabelJoin}); not public API.
 */
package io.jpprof.internal.labels;
