package io.jpprof.internal.profile;

import java.util.Objects;

/**
 * One Java stack frame.
 *
 * @param className binary class name, such as {@code com.example.Foo$Inner}; a hidden class's
 *     per-run suffix ({@code Foo$$Lambda$90/0x00007f69a40dc000}, or JFR's {@code
 *     Foo$$Lambda$90+0x00007f69a40dc000.455888635} and {@code Foo$$Lambda.0x00000000451abd10}) is
 *     dropped, so frames compare
 *     equal across processes and {@code -base} can subtract profiles of two runs
 * @param methodName method name, such as {@code bar} or {@code <init>}
 * @param sourceFile the class's SourceFile attribute ({@code Foo.java}), or null when unknown
 * @param line line number, or 0 when unknown
 * @param inlined true when the JIT inlined this frame into the frame after it (its caller)
 */
public record Frame(String className, String methodName, String sourceFile, int line, boolean inlined) {
  /** {@code /0x…} (StackTraceElement), {@code +0x…} (JFR on 17) or {@code .0x…} (JFR on 25). */
  private static final java.util.regex.Pattern HIDDEN_SUFFIX = java.util.regex.Pattern.compile("[/+.]0x[0-9a-fA-F]+");

  public Frame {
    Objects.requireNonNull(className, "className");
    Objects.requireNonNull(methodName, "methodName");
    java.util.regex.Matcher hidden = HIDDEN_SUFFIX.matcher(className);
    if (hidden.find()) {
      className = className.substring(0, hidden.start());
    }
    line = Math.max(line, 0);
  }

  /** A frame that is not inlined. */
  public static Frame of(String className, String methodName, String sourceFile, int line) {
    return new Frame(className, methodName, sourceFile, line, false);
  }

  /** A frame from a {@link StackTraceElement}. */
  public static Frame of(StackTraceElement e) {
    return of(e.getClassName(), e.getMethodName(), e.getFileName(), e.getLineNumber());
  }

  /** The pprof function name: {@code com.example.Foo.bar}. */
  public String functionName() {
    return className.isEmpty() ? methodName : className + "." + methodName;
  }

  /**
   * The source path pprof looks up under {@code -source_path}: the package as directories, then
   * the class's source file ({@code com/example/Foo.java}); without a SourceFile attribute, the
   * top-level class name plus {@code .java}.
   */
  public String sourcePath() {
    int dot = className.lastIndexOf('.');
    String dir = dot < 0 ? "" : className.substring(0, dot).replace('.', '/') + "/";
    String file = sourceFile;
    if (file == null || file.isEmpty()) {
      if (className.isEmpty()) {
        return "";
      }
      String simple = className.substring(dot + 1);
      int dollar = simple.indexOf('$');
      file = (dollar > 0 ? simple.substring(0, dollar) : simple) + ".java";
    }
    return dir + file;
  }
}
