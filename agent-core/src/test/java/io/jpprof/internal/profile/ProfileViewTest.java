package io.jpprof.internal.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProfileViewTest {
  private static final Frame SITE = Frame.of("v.A", "alloc", "A.java", 7);
  private static final Frame MAIN = Frame.of("v.A", "main", "A.java", 1);
  private static final Stack STACK = Stack.of(List.of(SITE, MAIN));

  private static ProfileData profile() {
    return ProfileData.builder(new ValueType("alloc_space", "bytes"))
        .add(new Sample(STACK, new long[] {100},
            List.of(Label.of(ProfileView.CLASS, "[B"), Label.of(ProfileView.THREAD, "pool-1"), Label.of("route", "/a"))))
        .add(new Sample(STACK, new long[] {30},
            List.of(Label.of(ProfileView.CLASS, "java.lang.Long"), Label.of(ProfileView.THREAD, "pool-2"),
                Label.of("route", "/a"))))
        .build();
  }

  @Test
  void theDefaultFoldsThreadsAndClassesAndKeepsApplicationLabels() {
    ProfileData shown = ProfileView.DEFAULT.apply(profile());
    assertThat(shown.samples()).containsExactly(new Sample(STACK, new long[] {130}, List.of(Label.of("route", "/a"))));
  }

  @Test
  void byThreadPutsTheThreadAtTheRootAndTypesTheClassAtTheLeaf() {
    ProfileData shown = new ProfileView(true, true).apply(profile());
    assertThat(shown.samples()).containsExactly(
        new Sample(Stack.of(List.of(Frame.of("", "byte[]", null, 0), SITE, MAIN,
            Frame.of("", "[thread: pool-1]", null, 0))), new long[] {100}, List.of(Label.of("route", "/a"))),
        new Sample(Stack.of(List.of(Frame.of("", "java.lang.Long", null, 0), SITE, MAIN,
            Frame.of("", "[thread: pool-2]", null, 0))), new long[] {30}, List.of(Label.of("route", "/a"))));
  }

  @Test
  void aProfileWithoutInternalLabelsIsReturnedAsItIs() {
    ProfileData plain = ProfileData.builder(new ValueType("samples", "count"))
        .add(new Sample(STACK, new long[] {1}, List.of(Label.of("thread", "an application's own label"))))
        .build();
    assertThat(new ProfileView(true, true).apply(plain)).isSameAs(plain);
  }

  @Test
  void descriptorsBecomeJavaNames() {
    assertThat(ProfileView.javaName("[B")).isEqualTo("byte[]");
    assertThat(ProfileView.javaName("[[Ljava.lang.String;")).isEqualTo("java.lang.String[][]");
    assertThat(ProfileView.javaName("java.util.HashMap$Node")).isEqualTo("java.util.HashMap$Node");
  }
}
