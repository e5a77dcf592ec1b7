package io.jpprof;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jpprof.fixtures.GoPprof;
import io.jpprof.fixtures.PprofValidator;
import io.jpprof.fixtures.TopReport;
import io.jpprof.proto.ProfileProto;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProfileTest {
  private static final String OPENER = ProfileTest.class.getName() + ".openResource";

  @Test
  void builtinsAreListedSortedAndFoundByName() {
    List<String> names = new ArrayList<>();
    Profile.profiles().forEach(p -> names.add(p.name()));
    assertThat(names).contains("goroutine").isSorted();
    assertThat(Profile.lookup("goroutine").name()).isEqualTo("goroutine");
    assertThat(Profile.lookup("no.such.profile")).isNull();
  }

  @Test
  void newProfileRejectsEmptyAndTakenNamesWithGosMessages() {
    assertThatThrownBy(() -> Profile.newProfile(""))
        .hasMessage("pprof: NewProfile with empty name");
    assertThatThrownBy(() -> Profile.newProfile("goroutine"))
        .hasMessage("pprof: NewProfile name already in use: goroutine");
    Profile.newProfile("test.taken");
    assertThatThrownBy(() -> Profile.newProfile("test.taken"))
        .hasMessage("pprof: NewProfile name already in use: test.taken");
  }

  @Test
  void addOnBuiltinAndDuplicateValuesFailWithGosMessages() {
    assertThatThrownBy(() -> Profile.lookup("goroutine").add(new Object(), 0))
        .hasMessage("pprof: Add called on built-in Profile goroutine");
    Profile p = Profile.newProfile("test.duplicates");
    Object value = new Object();
    p.add(value, 0);
    assertThatThrownBy(() -> p.add(value, 0)).hasMessage("pprof: Profile.Add of duplicate value");
    Profile.lookup("goroutine").remove(value); // a no-op on built-ins, as in Go
  }

  @Test
  void customProfileCountsLiveValuesAndRecordsTheCallersStack() throws IOException {
    Profile p = Profile.newProfile("example.com/open.files");
    Object a = new Object();
    Object b = new Object();
    Object c = new Object();
    for (Object handle : List.of(a, b, c)) {
      openResource(p, handle);
    }
    p.remove(b);
    p.remove(new Object()); // absent: no-op
    assertThat(p.count()).isEqualTo(2);
    assertThat(Profile.lookup("example.com/open.files")).isSameAs(p);

    String text = text(p, 1);
    assertThat(text).startsWith("example.com/open.files profile: total 2\n2 @ 0x");
    assertThat(text).contains("\t" + OPENER + "+0x0\t").contains("io/jpprof/ProfileTest.java:");

    ProfileProto.Profile proto = PprofValidator.parse(bytes(p, 0));
    assertThat(proto.getStringTable((int) proto.getSampleType(0).getType())).isEqualTo("example.com/open.files");
    assertThat(proto.getSampleCount()).isEqualTo(1);
    assertThat(proto.getSample(0).getValue(0)).isEqualTo(2);

    TopReport top = TopReport.parse(GoPprof.run("-top", GoPprof.tempFile("custom", bytes(p, 0)).toString()).ok());
    assertThat(top.row(OPENER).flat()).isEqualTo(2);
  }

  @Test
  void skipMovesTheStartOfTheStackAndTooLargeASkipLosesTheEvent() throws IOException {
    Profile p = Profile.newProfile("test.skip");
    Object v = new Object();
    addWithSkip(p, v, 1);
    String text = text(p, 1);
    String firstFrame = text.lines().filter(l -> l.startsWith("#\t")).findFirst().orElseThrow();
    assertThat(firstFrame).contains("ProfileTest.skipMovesTheStartOfTheStackAndTooLargeASkipLosesTheEvent+0x0");
    p.remove(v);
    p.add(v, 10_000);
    assertThat(text(p, 1)).contains("\tio.jpprof.Profile.lostProfileEvent+0x0\t");
  }

  private static void addWithSkip(Profile p, Object v, int skip) {
    p.add(v, skip);
  }

  static void openResource(Profile p, Object handle) {
    p.add(handle, 0);
  }

  static String text(Profile p, int debug) throws IOException {
    return new String(bytes(p, debug), StandardCharsets.UTF_8);
  }

  static byte[] bytes(Profile p, int debug) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    p.writeTo(out, debug);
    if (debug == 0) {
      PprofValidator.parse(out.toByteArray());
    }
    return out.toByteArray();
  }
}
