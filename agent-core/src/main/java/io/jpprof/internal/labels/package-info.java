/**
 * Profiler labels behind {@link io.jpprof.Profile#doWithLabels}: each thread's current {@link
 * io.jpprof.Labels} ({@link io.jpprof.internal.labels.LabelScopes}), and how CPU samples learn the
 * labels their thread had when they were taken ({@link io.jpprof.internal.labels.LabelJoin}); not
 * public API.
 */
package io.jpprof.internal.labels;
