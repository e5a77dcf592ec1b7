/**
 * The in-process JFR plumbing shared by the always-on profiles: one long-lived, bounded {@link
 * io.jpprof.internal.jfr.AlwaysOnStream}.
 */
package io.jpprof.internal.jfr;
