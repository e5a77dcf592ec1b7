package io.jpprof.internal.threads;

import io.jpprof.internal.profile.Stack;
import java.lang.management.ThreadInfo;

/**
 * One thread as a dump saw it.
 *
 * @param id thread id ({@link Thread#getId()})
 * @param name thread name
 * @param state {@link Thread.State} name, or {@code UNKNOWN} when the JDK did not say
 * @param daemon daemon flag (false for virtual threads, which are always daemons but not reported)
 * @param priority priority, 0 when unknown
 * @param virtual true for a virtual thread
 * @param stack the stack, leaf first
 * @param info the full ThreadInfo (locks and monitors) for platform threads, else null
 * @param waitingOn for virtual threads, the object the JDK says the thread waits on, else null
 */
public record ThreadRecord(
    long id,
    String name,
    String state,
    boolean daemon,
    int priority,
    boolean virtual,
    Stack stack,
    ThreadInfo info,
    String waitingOn) {}
