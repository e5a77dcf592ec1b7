package io.jpprof.internal.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class FrameTest {
  @Test
  void functionNameAndSourcePath() {
    Frame f = Frame.of("com.example.Foo", "bar", "Foo.java", 12);
    assertThat(f.functionName()).isEqualTo("com.example.Foo.bar");
    assertThat(f.sourcePath()).isEqualTo("com/example/Foo.java");
  }

  @Test
  void sourcePathWithoutSourceFileUsesTheTopLevelClass() {
    assertThat(Frame.of("com.example.Foo$Inner", "run", null, 1).sourcePath()).isEqualTo("com/example/Foo.java");
    assertThat(Frame.of("com.example.Foo$Inner$Deeper", "run", "", 1).sourcePath()).isEqualTo("com/example/Foo.java");
    assertThat(Frame.of("Top", "main", null, 1).sourcePath()).isEqualTo("Top.java");
    assertThat(Frame.of("", "fn", null, 1).sourcePath()).isEmpty();
    assertThat(Frame.of("", "fn", null, 1).functionName()).isEqualTo("fn");
  }

  @Test
  void sourcePathUsesTheSourceFileAttribute() {
    assertThat(Frame.of("com.example.Foo$Inner", "run", "Foo.java", 1).sourcePath()).isEqualTo("com/example/Foo.java");
    assertThat(Frame.of("com.example.UtilKt", "f", "Util.kt", 1).sourcePath()).isEqualTo("com/example/Util.kt");
  }

  @Test
  void negativeLineBecomesZero() {
    assertThat(Frame.of("a.B", "c", null, -2).line()).isZero(); // -2 = native method in StackTraceElement
  }

  @Test
  void stackGroupsInlinedFramesIntoLocations() {
    Frame a = new Frame("s.A", "a", "A.java", 1, true);
    Frame b = new Frame("s.A", "b", "A.java", 2, true);
    Frame c = Frame.of("s.A", "c", "A.java", 3);
    Frame d = Frame.of("s.A", "d", "A.java", 4);
    Frame e = new Frame("s.A", "e", "A.java", 5, true); // last frame inlined into nothing: own location
    assertThat(Stack.of(List.of(a, b, c, d, e)).locations())
        .containsExactly(List.of(a, b, c), List.of(d), List.of(e));
    assertThat(Stack.EMPTY.locations()).isEmpty();
    assertThat(Stack.of(List.of())).isSameAs(Stack.EMPTY);
  }

  @Test
  void hiddenClassSuffixIsDropped() {
    Frame f = Frame.of("com.example.Foo$$Lambda$90/0x00007f69a40dc000", "run", null, 0);
    org.assertj.core.api.Assertions.assertThat(f.functionName()).isEqualTo("com.example.Foo$$Lambda$90.run");
    org.assertj.core.api.Assertions.assertThat(f.sourcePath()).isEqualTo("com/example/Foo.java");
    org.assertj.core.api.Assertions.assertThat(
            Frame.of("com.example.Foo$$Lambda$672+0x00007f1eb41be468.455888635", "run", null, 0).functionName())
        .isEqualTo("com.example.Foo$$Lambda$672.run");
    org.assertj.core.api.Assertions.assertThat(
            Frame.of("com.example.Foo$$Lambda.0x00000000451abd10", "run", null, 0).functionName())
        .isEqualTo("com.example.Foo$$Lambda.run");
  }
}
