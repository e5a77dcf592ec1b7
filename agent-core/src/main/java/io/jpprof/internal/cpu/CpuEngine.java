package io.jpprof.internal.cpu;

import java.time.Duration;
import java.util.Locale;
import jdk.jfr.EventType;
import jdk.jfr.FlightRecorder;

/**
 * Which JFR event samples the CPU profile.
 *
 * <ul>
 *   <li>{@link #CPU_TIME_SAMPLE}: {@code jdk.CPUTimeSample} (JDK 25+, Linux): one sample per period
 *       of each thread's CPU time, native code included; its {@code samplingPeriod} is the CPU time
 *       it stands for.
 *   <li>{@link #EXECUTION_SAMPLE}: {@code jdk.ExecutionSample} (every JDK): threads running Java
 *       code, at most 5 per period; counts are not proportional to CPU time, which is therefore
 *       measured per thread (see {@link CpuRecording}).
 * </ul>
 */
enum CpuEngine {
  CPU_TIME_SAMPLE("jdk.CPUTimeSample", "eventThread"),
  EXECUTION_SAMPLE("jdk.ExecutionSample", "sampledThread");

  final String eventName;
  final String threadField;

  CpuEngine(String eventName, String threadField) {
    this.eventName = eventName;
    this.threadField = threadField;
  }

  /** The best engine this JVM offers: CPU time where the event exists (25+, Linux), else execution samples. */
  static CpuEngine best() {
    if (System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux") && has(CPU_TIME_SAMPLE.eventName)
        && !"false".equalsIgnoreCase(System.getProperty("jpprof.cpuTimeSample", "true"))) {
      return CPU_TIME_SAMPLE;
    }
    return EXECUTION_SAMPLE;
  }

  /** Asks {@code settings} for one sample every {@code period} (of CPU time, or of wall time). */
  void configure(jdk.jfr.consumer.RecordingStream stream, Duration period) {
    if (this == CPU_TIME_SAMPLE) {
      stream.enable(eventName).with("throttle", period.toMillis() + "ms").withStackTrace();
    } else {
      stream.enable(eventName).withPeriod(period).withStackTrace();
    }
  }

  /** Switches the sampling off (between profiles on a stream kept open). */
  void disable(jdk.jfr.consumer.RecordingStream stream) {
    stream.disable(eventName);
  }

  private static boolean has(String eventName) {
    for (EventType t : FlightRecorder.getFlightRecorder().getEventTypes()) {
      if (t.getName().equals(eventName)) {
        return true;
      }
    }
    return false;
  }
}
