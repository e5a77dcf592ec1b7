/**
 * The neutral profile model and its proto encoding: not public API.
 *
 * <p>Every profile source fills a {@link io.jpprof.internal.profile.ProfileData}; the writers turn it into
 * bytes. The model mirrors google/pprof's {@code profile.Profile}: sample types, a period, time and
 * duration, and samples made of an interned {@link io.jpprof.internal.profile.Stack}, values and labels.
 * {@link io.jpprof.internal.profile.ProfileData#merge} and {@link io.jpprof.internal.profile.ProfileData#delta}
 * follow pprof's merge rules, so delta profiles are "snapshot, wait, snapshot, subtract".
 */
package io.jpprof.internal.profile;
