/**
 * The link from an application's own copy of jpprof to the jpprof agent's copy in the same JVM
 * ({@link io.jpprof.internal.agentlink.AgentLink}); JDK types only, so every package may use it;
 * not public API.
 */
package io.jpprof.internal.agentlink;
