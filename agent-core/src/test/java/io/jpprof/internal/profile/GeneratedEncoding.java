package io.jpprof.internal.profile;

import io.jpprof.proto.ProfileProto;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The encoder ProtoWriter replaced, on protoc's generated classes: the reference its hand-written
 * bytes are compared with. Test-only: generated code needs a protobuf-java as new as its protoc.
 */
final class GeneratedEncoding {
  private final ProfileProto.Profile.Builder out = ProfileProto.Profile.newBuilder();
  private final Map<String, Long> strings = new HashMap<>();
  private final Map<FunctionKey, Long> functions = new HashMap<>();
  private final Map<List<Frame>, Long> locations = new HashMap<>();
  private boolean inlined;

  private record FunctionKey(String name, String file) {}

  private GeneratedEncoding() {
    string("");
  }

  /** The uncompressed proto message of {@code profile}. */
  public static ProfileProto.Profile toMessage(ProfileData profile) {
    return new GeneratedEncoding().encode(profile);
  }

  private ProfileProto.Profile encode(ProfileData p) {
    for (ValueType t : p.sampleTypes()) {
      out.addSampleType(valueType(t));
    }
    for (Sample s : p.samples()) {
      ProfileProto.Sample.Builder sb = ProfileProto.Sample.newBuilder();
      for (List<Frame> location : s.stack().locations()) {
        sb.addLocationId(location(location));
      }
      for (long v : s.values()) {
        sb.addValue(v);
      }
      for (Label l : s.labels()) {
        sb.addLabel(label(l));
      }
      out.addSample(sb);
    }
    out.addMapping(
        ProfileProto.Mapping.newBuilder()
            .setId(1)
            .setMemoryStart(Addresses.BASE)
            .setMemoryLimit(Addresses.LIMIT)
            .setFilename(string(p.mainBinary()))
            .setHasFunctions(true)
            .setHasFilenames(true)
            .setHasLineNumbers(true)
            .setHasInlineFrames(inlined));
    if (p.periodType() != null) {
      out.setPeriodType(valueType(p.periodType()));
    }
    out.setPeriod(p.period());
    out.setTimeNanos(p.timeNanos());
    out.setDurationNanos(p.durationNanos());
    for (String c : p.comments()) {
      out.addComment(string(c));
    }
    if (p.defaultSampleType() != null) {
      out.setDefaultSampleType(string(p.defaultSampleType()));
    }
    return out.build();
  }

  private ProfileProto.ValueType.Builder valueType(ValueType t) {
    return ProfileProto.ValueType.newBuilder().setType(string(t.type())).setUnit(string(t.unit()));
  }

  private ProfileProto.Label.Builder label(Label l) {
    ProfileProto.Label.Builder b = ProfileProto.Label.newBuilder().setKey(string(l.key()));
    if (l.isString()) {
      return b.setStr(string(l.str()));
    }
    b.setNum(l.num());
    if (l.numUnit() != null) {
      b.setNumUnit(string(l.numUnit()));
    }
    return b;
  }

  private long location(List<Frame> frames) {
    Long id = locations.get(frames);
    if (id != null) {
      return id;
    }
    id = (long) locations.size() + 1;
    locations.put(frames, id);
    ProfileProto.Location.Builder b =
        ProfileProto.Location.newBuilder().setId(id).setMappingId(1).setAddress(Addresses.of(frames));
    for (Frame f : frames) {
      b.addLine(ProfileProto.Line.newBuilder().setFunctionId(function(f)).setLine(f.line()));
    }
    inlined |= frames.size() > 1;
    out.addLocation(b);
    return id;
  }

  private long function(Frame f) {
    FunctionKey key = new FunctionKey(f.functionName(), f.sourcePath());
    Long id = functions.get(key);
    if (id != null) {
      return id;
    }
    id = (long) functions.size() + 1;
    functions.put(key, id);
    long name = string(key.name());
    out.addFunction(
        ProfileProto.Function.newBuilder()
            .setId(id)
            .setName(name)
            .setSystemName(name)
            .setFilename(string(key.file())));
    return id;
  }

  private long string(String s) {
    Long index = strings.get(s);
    if (index == null) {
      index = (long) strings.size();
      strings.put(s, index);
      out.addStringTable(s);
    }
    return index;
  }
}
