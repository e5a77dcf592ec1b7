package io.jpprof.internal.profile;

import io.jpprof.proto.ProfileProto;
import java.io.IOException;
import java.io.OutputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * Encodes a {@link ProfileData} as gzip-compressed {@code profile.proto}, the form {@code go tool
 * pprof} reads.
 *
 * <p>Strings, functions and locations are interned (ids 1..n in first-use order). There is one
 * mapping, named after the application, that declares full symbol information ({@code
 * has_functions}, {@code has_filenames}, {@code has_line_numbers}, and {@code has_inline_frames}
 * when a location holds inlined frames), so pprof never tries to symbolize. Each location's address
 * is its stable synthetic address from {@link Addresses}, the same one the text forms print.
 */
public final class ProtoWriter {
  private final ProfileProto.Profile.Builder out = ProfileProto.Profile.newBuilder();
  private final Map<String, Long> strings = new HashMap<>();
  private final Map<FunctionKey, Long> functions = new HashMap<>();
  private final Map<List<Frame>, Long> locations = new HashMap<>();
  private boolean inlined;

  private record FunctionKey(String name, String file) {}

  private ProtoWriter() {
    string("");
  }

  /** Writes {@code profile} to {@code stream} as gzip proto; does not close the stream. */
  public static void write(ProfileData profile, OutputStream stream) throws IOException {
    byte[] gz = toGzip(profile);
    stream.write(gz);
    stream.flush();
  }

  /** The gzip proto bytes of {@code profile}. */
  public static byte[] toGzip(ProfileData profile) throws IOException {
    ProfileProto.Profile message = toMessage(profile);
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(4096);
    try (GZIPOutputStream gz = new FastGzip(bytes)) {
      message.writeTo(gz);
    }
    return bytes.toByteArray();
  }

  /** The uncompressed proto message of {@code profile}. */
  public static ProfileProto.Profile toMessage(ProfileData profile) {
    return new ProtoWriter().encode(profile);
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

  /** gzip at BestSpeed, as runtime/pprof writes. */
  private static final class FastGzip extends GZIPOutputStream {
    FastGzip(OutputStream out) throws IOException {
      super(out, 8192);
      def.setLevel(Deflater.BEST_SPEED);
    }
  }
}
