/**
 * History: the last minutes of CPU samples and waits, kept on disk by one JFR recording, so that
 * {@code profile}, {@code block} and {@code mutex} can answer for a window that has already
 * passed ({@code ?seconds=60&history=1}).
 */
package io.jpprof.internal.history;
