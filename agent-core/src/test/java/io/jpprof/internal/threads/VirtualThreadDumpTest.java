package io.jpprof.internal.threads;

import static org.assertj.core.api.Assertions.assertThat;

import io.jpprof.internal.profile.Frame;
import org.junit.jupiter.api.Test;

/** {@link VirtualThreadDump#parseFrame}: the inverse of {@link StackTraceElement#toString()}. */
class VirtualThreadDumpTest {

  @Test
  void moduleQualifiedFrame() {
    assertThat(VirtualThreadDump.parseFrame("java.base/java.lang.Thread.run(Thread.java:1474)"))
        .isEqualTo(Frame.of("java.lang.Thread", "run", "Thread.java", 1474));
  }

  @Test
  void moduleWithVersion() {
    assertThat(VirtualThreadDump.parseFrame("java.base@21.0.2/java.lang.VirtualThread.run(VirtualThread.java:309)"))
        .isEqualTo(Frame.of("java.lang.VirtualThread", "run", "VirtualThread.java", 309));
  }

  @Test
  void classLoaderQualifiedFrame() {
    assertThat(VirtualThreadDump.parseFrame("app//com.x.Y.z(Y.java:3)")).isEqualTo(Frame.of("com.x.Y", "z", "Y.java", 3));
    assertThat(VirtualThreadDump.parseFrame("myloader/mymodule@1.0/com.x.Y.z(Y.java:3)"))
        .isEqualTo(Frame.of("com.x.Y", "z", "Y.java", 3));
  }

  @Test
  void nativeMethod() {
    Frame f = VirtualThreadDump.parseFrame("com.x.Y.z(Native Method)");
    assertThat(f).isEqualTo(Frame.of("com.x.Y", "z", null, 0));
    assertThat(f.sourcePath()).isEqualTo("com/x/Y.java");
  }

  @Test
  void unknownSource() {
    assertThat(VirtualThreadDump.parseFrame("com.x.Y.z(Unknown Source)")).isEqualTo(Frame.of("com.x.Y", "z", null, 0));
  }

  @Test
  void fileWithoutLine() {
    assertThat(VirtualThreadDump.parseFrame("Foo.bar(Foo.java)")).isEqualTo(Frame.of("Foo", "bar", "Foo.java", 0));
  }

  @Test
  void lambdaInDefaultPackage() {
    Frame f = VirtualThreadDump.parseFrame("VT.lambda$main$0(VT.java:7)");
    assertThat(f).isEqualTo(Frame.of("VT", "lambda$main$0", "VT.java", 7));
    assertThat(f.functionName()).isEqualTo("VT.lambda$main$0");
  }

  @Test
  void innerClassAndConstructor() {
    assertThat(VirtualThreadDump.parseFrame("java.base/java.util.concurrent.ForkJoinPool$WorkQueue.<init>(ForkJoinPool.java:1200)"))
        .isEqualTo(Frame.of("java.util.concurrent.ForkJoinPool$WorkQueue", "<init>", "ForkJoinPool.java", 1200));
  }

  @Test
  void roundTripsStackTraceElementToString() {
    for (StackTraceElement e : new Throwable().getStackTrace()) {
      Frame f = VirtualThreadDump.parseFrame(e.toString());
      assertThat(f.className()).as(e.toString()).isEqualTo(e.getClassName());
      assertThat(f.methodName()).as(e.toString()).isEqualTo(e.getMethodName());
      assertThat(f.line()).as(e.toString()).isEqualTo(Math.max(e.getLineNumber(), 0));
      if (e.getLineNumber() > 0) {
        assertThat(f.sourceFile()).as(e.toString()).isEqualTo(e.getFileName());
      }
    }
  }

  @Test
  void hiddenClassFrame() {
    assertThat(VirtualThreadDump.parseFrame("H$$Lambda$194/0x00007f0d9013c208.run(Unknown Source)"))
        .isEqualTo(Frame.of("H$$Lambda$194/0x00007f0d9013c208", "run", null, 0));
    assertThat(
            VirtualThreadDump.parseFrame(
                "java.base/java.lang.invoke.LambdaForm$DMH/0x0000000800c04000.invokeStatic(LambdaForm$DMH)"))
        .isEqualTo(Frame.of("java.lang.invoke.LambdaForm$DMH/0x0000000800c04000", "invokeStatic", "LambdaForm$DMH", 0));
  }
}
