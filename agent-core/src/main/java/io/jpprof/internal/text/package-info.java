/**
 * Go's legacy text forms ({@code debug=1}) and the thread dump ({@code debug=2}): not public API.
 *
 * <p>Written once and shared by every profile: {@link io.jpprof.internal.text.TabWriter} reproduces Go's
 * {@code text/tabwriter} padding, {@link io.jpprof.internal.text.StackText} the {@code #\t0x…\tfunc+0x0\tfile:line}
 * frame lines, and {@link io.jpprof.internal.text.CountText} the {@code <name> profile: total N} form of
 * count profiles.
 */
package io.jpprof.internal.text;
