package io.jpprof.internal.profile;

import static org.assertj.core.api.Assertions.assertThat;

import io.jpprof.proto.ProfileProto;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

class ProtoWriterTest {
  private static final Frame BAR = Frame.of("com.example.Foo", "bar", "Foo.java", 12);
  private static final Frame INNER = Frame.of("com.example.Foo$Inner", "run", null, 30);
  private static final Frame MAIN = Frame.of("com.example.Main", "main", "Main.java", 5);
  private static final Frame INLINED_A = new Frame("com.example.Inl", "deepest", "Inl.java", 100, true);
  private static final Frame INLINED_B = new Frame("com.example.Inl", "middle", "Inl.java", 200, true);
  private static final Frame OUTER = Frame.of("com.example.Inl", "outer", "Inl.java", 300);

  private static ProfileProto.Profile decode(byte[] gz) throws IOException {
    assertThat(gz[0] & 0xff).isEqualTo(0x1f);
    assertThat(gz[1] & 0xff).isEqualTo(0x8b);
    return ProfileProto.Profile.parseFrom(new GZIPInputStream(new ByteArrayInputStream(gz)));
  }

  private static ProfileData sample() {
    return ProfileData.builder(new ValueType("samples", "count"), new ValueType("cpu", "nanoseconds"))
        .periodType(new ValueType("cpu", "nanoseconds"))
        .period(10_000_000)
        .timeNanos(1_700_000_000_123_456_789L)
        .durationNanos(30_000_000_000L)
        .comment("first comment")
        .comment("second comment")
        .defaultSampleType("cpu")
        .mainBinary("myapp.jar")
        .add(new Sample(Stack.of(List.of(BAR, MAIN)), new long[] {3, 30_000_000}, List.of(Label.of("state", "RUNNABLE"))))
        .add(new Sample(Stack.of(List.of(INNER, BAR, MAIN)), new long[] {1, 10_000_000},
            List.of(Label.numeric("bytes", 4096, "bytes"), Label.numeric("n", 7, null))))
        .add(new Sample(Stack.of(List.of(INLINED_A, INLINED_B, OUTER, MAIN)), 2, 20_000_000))
        .add(new Sample(Stack.EMPTY, 1, 10_000_000))
        .build();
  }

  private static String str(ProfileProto.Profile p, long index) {
    assertThat(index).isBetween(0L, (long) p.getStringTableCount() - 1);
    return p.getStringTable((int) index);
  }

  @Test
  void followsPprofValidityRules() throws IOException {
    ProfileProto.Profile p = decode(ProtoWriter.toGzip(sample()));
    assertThat(p.getStringTable(0)).isEmpty();
    assertThat(p.getStringTableList()).doesNotHaveDuplicates();
    assertThat(p.getSampleTypeCount()).isEqualTo(2);

    Set<Long> mappingIds = new HashSet<>();
    for (ProfileProto.Mapping m : p.getMappingList()) {
      assertThat(m.getId()).isNotZero();
      assertThat(mappingIds.add(m.getId())).isTrue();
    }
    Map<Long, ProfileProto.Function> functions = new HashMap<>();
    for (ProfileProto.Function f : p.getFunctionList()) {
      assertThat(f.getId()).isNotZero();
      assertThat(functions.put(f.getId(), f)).isNull();
      str(p, f.getName());
      str(p, f.getSystemName());
      str(p, f.getFilename());
    }
    Map<Long, ProfileProto.Location> locations = new HashMap<>();
    for (ProfileProto.Location l : p.getLocationList()) {
      assertThat(l.getId()).isNotZero();
      assertThat(locations.put(l.getId(), l)).isNull();
      assertThat(mappingIds).contains(l.getMappingId());
      assertThat(l.getLineCount()).isPositive();
      for (ProfileProto.Line line : l.getLineList()) {
        assertThat(line.getFunctionId()).isNotZero();
        assertThat(functions).containsKey(line.getFunctionId());
      }
    }
    for (ProfileProto.Sample s : p.getSampleList()) {
      assertThat(s.getValueCount()).isEqualTo(p.getSampleTypeCount());
      for (long id : s.getLocationIdList()) {
        assertThat(locations).containsKey(id);
      }
      for (ProfileProto.Label l : s.getLabelList()) {
        str(p, l.getKey());
        str(p, l.getStr());
        str(p, l.getNumUnit());
        assertThat(l.getStr() != 0 && (l.getNum() != 0 || l.getNumUnit() != 0)).isFalse(); // at most one of str/num
      }
    }
    for (ProfileProto.ValueType t : p.getSampleTypeList()) {
      str(p, t.getType());
      str(p, t.getUnit());
    }
    for (long c : p.getCommentList()) {
      str(p, c);
    }
    str(p, p.getDefaultSampleType());
    assertThat(p.getDropFrames()).isZero();
    assertThat(p.getKeepFrames()).isZero();
  }

  @Test
  void headerFields() throws IOException {
    ProfileProto.Profile p = decode(ProtoWriter.toGzip(sample()));
    assertThat(p.getSampleTypeList())
        .extracting(t -> str(p, t.getType()) + "/" + str(p, t.getUnit()))
        .containsExactly("samples/count", "cpu/nanoseconds");
    assertThat(str(p, p.getPeriodType().getType()) + "/" + str(p, p.getPeriodType().getUnit()))
        .isEqualTo("cpu/nanoseconds");
    assertThat(p.getPeriod()).isEqualTo(10_000_000);
    assertThat(p.getTimeNanos()).isEqualTo(1_700_000_000_123_456_789L);
    assertThat(p.getDurationNanos()).isEqualTo(30_000_000_000L);
    assertThat(p.getCommentList()).extracting(c -> str(p, c)).containsExactly("first comment", "second comment");
    assertThat(str(p, p.getDefaultSampleType())).isEqualTo("cpu");
  }

  @Test
  void oneMappingDeclaringFullSymbols() throws IOException {
    ProfileProto.Profile p = decode(ProtoWriter.toGzip(sample()));
    assertThat(p.getMappingCount()).isEqualTo(1);
    ProfileProto.Mapping m = p.getMapping(0);
    assertThat(m.getId()).isEqualTo(1);
    assertThat(str(p, m.getFilename())).isEqualTo("myapp.jar");
    assertThat(m.getHasFunctions()).isTrue();
    assertThat(m.getHasFilenames()).isTrue();
    assertThat(m.getHasLineNumbers()).isTrue();
    assertThat(m.getHasInlineFrames()).isTrue();
    assertThat(m.getMemoryStart()).isEqualTo(Addresses.BASE);
    assertThat(m.getMemoryLimit()).isEqualTo(Addresses.LIMIT);
    for (ProfileProto.Location l : p.getLocationList()) {
      assertThat(l.getAddress()).isBetween(m.getMemoryStart(), m.getMemoryLimit() - 1);
    }
  }

  @Test
  void noInlineFlagWithoutInlinedFrames() throws IOException {
    ProfileData d = ProfileData.countProfile("goroutine").add(new Sample(Stack.of(List.of(BAR, MAIN)), 1)).build();
    ProfileProto.Profile p = decode(ProtoWriter.toGzip(d));
    assertThat(p.getMapping(0).getHasInlineFrames()).isFalse();
    assertThat(p.getLocationList()).allSatisfy(l -> assertThat(l.getLineCount()).isEqualTo(1));
  }

  private static List<String> functionsOf(ProfileProto.Profile p, ProfileProto.Sample s) {
    Map<Long, ProfileProto.Location> locations = new HashMap<>();
    p.getLocationList().forEach(l -> locations.put(l.getId(), l));
    Map<Long, ProfileProto.Function> functions = new HashMap<>();
    p.getFunctionList().forEach(f -> functions.put(f.getId(), f));
    return s.getLocationIdList().stream()
        .flatMap(id -> locations.get(id).getLineList().stream())
        .map(line -> {
          ProfileProto.Function f = functions.get(line.getFunctionId());
          return str(p, f.getName()) + " " + str(p, f.getFilename()) + ":" + line.getLine();
        })
        .toList();
  }

  @Test
  void functionsFilesAndLines() throws IOException {
    ProfileProto.Profile p = decode(ProtoWriter.toGzip(sample()));
    assertThat(functionsOf(p, p.getSample(0)))
        .containsExactly("com.example.Foo.bar com/example/Foo.java:12", "com.example.Main.main com/example/Main.java:5");
    assertThat(functionsOf(p, p.getSample(1)))
        .containsExactly(
            "com.example.Foo$Inner.run com/example/Foo.java:30",
            "com.example.Foo.bar com/example/Foo.java:12",
            "com.example.Main.main com/example/Main.java:5");
    for (ProfileProto.Function f : p.getFunctionList()) {
      assertThat(f.getSystemName()).isEqualTo(f.getName());
    }
    // shared frames are shared locations and functions
    assertThat(p.getSample(0).getLocationId(0)).isEqualTo(p.getSample(1).getLocationId(1));
    assertThat(p.getFunctionList()).extracting(f -> str(p, f.getName())).doesNotHaveDuplicates();
  }

  @Test
  void inlinedFramesAreOneLocationWithLinesInnermostFirst() throws IOException {
    ProfileProto.Profile p = decode(ProtoWriter.toGzip(sample()));
    ProfileProto.Sample s = p.getSample(2);
    assertThat(s.getLocationIdCount()).isEqualTo(2);
    ProfileProto.Location loc =
        p.getLocationList().stream().filter(l -> l.getId() == s.getLocationId(0)).findFirst().orElseThrow();
    assertThat(loc.getLineCount()).isEqualTo(3);
    assertThat(loc.getAddress()).isEqualTo(Addresses.of(List.of(INLINED_A, INLINED_B, OUTER)));
    assertThat(functionsOf(p, s))
        .containsExactly(
            "com.example.Inl.deepest com/example/Inl.java:100",
            "com.example.Inl.middle com/example/Inl.java:200",
            "com.example.Inl.outer com/example/Inl.java:300",
            "com.example.Main.main com/example/Main.java:5");
  }

  @Test
  void locationAddressesAreTheTextAddresses() throws IOException {
    ProfileProto.Profile p = decode(ProtoWriter.toGzip(sample()));
    Map<Long, Long> addressById = new HashMap<>();
    p.getLocationList().forEach(l -> addressById.put(l.getId(), l.getAddress()));
    assertThat(addressById.get(p.getSample(0).getLocationId(0))).isEqualTo(Addresses.of(List.of(BAR)));
    assertThat(addressById.get(p.getSample(0).getLocationId(1))).isEqualTo(Addresses.of(List.of(MAIN)));
    assertThat(addressById.get(p.getSample(1).getLocationId(0))).isEqualTo(Addresses.of(List.of(INNER)));
    assertThat(new HashSet<>(addressById.values())).hasSize(addressById.size());
  }

  @Test
  void labels() throws IOException {
    ProfileProto.Profile p = decode(ProtoWriter.toGzip(sample()));
    ProfileProto.Label state = p.getSample(0).getLabel(0);
    assertThat(str(p, state.getKey())).isEqualTo("state");
    assertThat(str(p, state.getStr())).isEqualTo("RUNNABLE");
    assertThat(state.getNum()).isZero();
    assertThat(state.getNumUnit()).isZero();

    List<ProfileProto.Label> numeric = p.getSample(1).getLabelList();
    assertThat(numeric).hasSize(2);
    assertThat(str(p, numeric.get(0).getKey())).isEqualTo("bytes");
    assertThat(numeric.get(0).getNum()).isEqualTo(4096);
    assertThat(str(p, numeric.get(0).getNumUnit())).isEqualTo("bytes");
    assertThat(numeric.get(0).getStr()).isZero();
    assertThat(str(p, numeric.get(1).getKey())).isEqualTo("n");
    assertThat(numeric.get(1).getNum()).isEqualTo(7);
    assertThat(numeric.get(1).getNumUnit()).isZero();
    assertThat(p.getSample(2).getLabelCount()).isZero();
  }

  @Test
  void emptyStackSampleHasNoLocations() throws IOException {
    ProfileProto.Profile p = decode(ProtoWriter.toGzip(sample()));
    assertThat(p.getSampleCount()).isEqualTo(4);
    assertThat(p.getSample(3).getLocationIdCount()).isZero();
    assertThat(p.getSample(3).getValueList()).containsExactly(1L, 10_000_000L);
  }

  @Test
  void withoutOptionalFields() throws IOException {
    ProfileData d = ProfileData.countProfile("goroutine").timeNanos(5).mainBinary("java").build();
    ProfileProto.Profile p = decode(ProtoWriter.toGzip(d));
    assertThat(p.getCommentCount()).isZero();
    assertThat(p.getDefaultSampleType()).isZero();
    assertThat(p.getDurationNanos()).isZero();
    assertThat(p.getTimeNanos()).isEqualTo(5);
    assertThat(p.getSampleCount()).isZero();
    assertThat(p.getLocationCount()).isZero();
    assertThat(p.getStringTableList()).containsExactly("", "goroutine", "count", "java");
  }

  @Test
  void writeMatchesToGzipAndDoesNotClose() throws IOException {
    ProfileData d = sample();
    ByteArrayOutputStream out = new ByteArrayOutputStream() {
      @Override
      public void close() {
        throw new AssertionError("closed");
      }
    };
    ProtoWriter.write(d, out);
    ProfileProto.Profile expected = ProfileProto.Profile.parseFrom(ProtoWriter.toBytes(d));
    assertThat(decode(out.toByteArray())).isEqualTo(expected);
    assertThat(decode(ProtoWriter.toGzip(d))).isEqualTo(expected);
  }

  /** The hand-written bytes are exactly what protoc's generated code writes for the same message. */
  @Test
  void bytesAreThoseOfTheGeneratedCode() throws IOException {
    Frame zeroLine = Frame.of("com.example.Z", "z", "Z.java", 0);
    ProfileData edges =
        ProfileData.builder(new ValueType("", ""), new ValueType("delta", "count"))
            .periodType(new ValueType("", ""))
            .period(0)
            .timeNanos(-1)
            .durationNanos(Long.MAX_VALUE)
            .comment("")
            .comment("ünïcødé ✓ \u0000")
            .defaultSampleType("")
            .mainBinary("")
            .add(new Sample(Stack.of(List.of(zeroLine)), new long[] {0, -5},
                List.of(Label.of("", ""), Label.numeric("k", 0, null), Label.numeric("neg", -1, ""),
                    Label.numeric("big", Long.MIN_VALUE, "bytes"))))
            .add(new Sample(Stack.of(List.of(INLINED_A, INLINED_B, OUTER, zeroLine)), new long[] {Long.MAX_VALUE, 0}))
            .build();
    ProfileData wide = ProfileData.countProfile("wide").mainBinary("app").timeNanos(1).build();
    ProfileData.Builder many = wide.toBuilder();
    for (int i = 0; i < 300; i++) { // lengths and ids past one varint byte
      Frame f = Frame.of("com.example.Gen" + i, "m".repeat(i % 150), "Gen.java", i * 1000);
      many.add(new Sample(Stack.of(List.of(f, BAR, MAIN)), i * 100_000L));
    }
    for (ProfileData d : List.of(sample(), edges, wide, many.build(),
        ProfileData.countProfile("goroutine").add(new Sample(Stack.of(List.of(BAR, MAIN)), 1)).build())) {
      assertThat(ProtoWriter.toBytes(d)).isEqualTo(GeneratedEncoding.toMessage(d).toByteArray());
    }
  }
}
