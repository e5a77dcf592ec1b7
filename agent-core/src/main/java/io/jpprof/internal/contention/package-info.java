/**
 * The {@code block} and {@code mutex} profiles: where threads wait, from JFR's monitor and park
 * events; not public API (see {@link io.jpprof.Contention} for the settings).
 */
package io.jpprof.internal.contention;
