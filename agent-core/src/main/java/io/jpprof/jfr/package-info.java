/**
 * The in-process JFR plumbing shared by the always-on profiles: one long-lived, bounded {@link
 * io.jpprof.jfr.AlwaysOnStream}.
 */
package io.jpprof.jfr;
