package io.jpprof.internal.profile;

import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
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
 *
 * <p>The message is written field by field on {@link CodedOutputStream}, with no generated class:
 * {@code CodedOutputStream} is public API, unchanged from protobuf-java 3.x to 4.x, so jpprof works
 * with whichever protobuf-java the application resolves. Generated code of one protoc release
 * refuses older runtimes. The bytes are those protoc's Java code writes for the same message
 * (fields in number order, proto3 defaults omitted, repeated scalars packed); the tests compare
 * them with the generated classes of {@code proto/profile.proto}.
 */
public final class ProtoWriter {
  // wire types
  private static final int VARINT = 0;
  private static final int LEN = 2;

  // Profile's fields; the nested messages' field numbers are written inline below.
  private static final int SAMPLE_TYPE = 1;
  private static final int SAMPLE = 2;
  private static final int MAPPING = 3;
  private static final int LOCATION = 4;
  private static final int FUNCTION = 5;
  private static final int STRING_TABLE = 6;
  private static final int TIME_NANOS = 9;
  private static final int DURATION_NANOS = 10;
  private static final int PERIOD_TYPE = 11;
  private static final int PERIOD = 12;
  private static final int COMMENT = 13;
  private static final int DEFAULT_SAMPLE_TYPE = 14;

  private final Map<String, Long> stringIndex = new HashMap<>();
  private final List<String> strings = new ArrayList<>();
  private final Map<FunctionKey, Long> functionIds = new HashMap<>();
  private final List<Function> functions = new ArrayList<>();
  private final Map<List<Frame>, Long> locationIds = new HashMap<>();
  private final List<Location> locations = new ArrayList<>();
  private final List<long[]> sampleTypes = new ArrayList<>();
  private final List<EncodedSample> samples = new ArrayList<>();
  private final ProfileData profile;
  private final long mappingFile;
  private final long[] periodType;
  private final long[] comments;
  private final long defaultSampleType;
  private boolean inlined;

  /** What a function's name and file are made of: no string is built for a function seen before. */
  private record FunctionKey(String className, String methodName, String sourceFile) {}

  private record Function(long id, long name, long file) {}

  private record Location(long id, long address, long[] functionIds, long[] lines) {}

  /** key, str, num, num_unit: string indices except num. */
  private record EncodedLabel(long key, long str, long num, long numUnit) {}

  private record EncodedSample(long[] locationIds, long[] values, List<EncodedLabel> labels) {}

  /** Interns everything in the order the message names it: string indices are first-use order. */
  private ProtoWriter(ProfileData p) {
    this.profile = p;
    string("");
    for (ValueType t : p.sampleTypes()) {
      sampleTypes.add(valueType(t));
    }
    for (Sample s : p.samples()) {
      List<List<Frame>> stack = s.stack().locations();
      long[] ids = new long[stack.size()];
      for (int i = 0; i < ids.length; i++) {
        ids[i] = location(stack.get(i));
      }
      List<EncodedLabel> labels = new ArrayList<>(s.labels().size());
      for (Label l : s.labels()) {
        labels.add(
            l.isString()
                ? new EncodedLabel(string(l.key()), string(l.str()), 0, 0)
                : new EncodedLabel(
                    string(l.key()), 0, l.num(), l.numUnit() == null ? 0 : string(l.numUnit())));
      }
      samples.add(new EncodedSample(ids, s.values(), labels));
    }
    mappingFile = string(p.mainBinary());
    periodType = p.periodType() == null ? null : valueType(p.periodType());
    comments = p.comments().stream().mapToLong(this::string).toArray();
    defaultSampleType = p.defaultSampleType() == null ? 0 : string(p.defaultSampleType());
  }

  /**
   * Writes {@code profile} to {@code stream} as gzip proto; does not close the stream. Internal
   * labels a {@link ProfileView} did not turn into frames are folded away ({@link
   * ProfileView#DEFAULT}).
   */
  public static void write(ProfileData profile, OutputStream stream) throws IOException {
    stream.write(toGzip(profile));
    stream.flush();
  }

  /** The gzip proto bytes of {@code profile}. */
  public static byte[] toGzip(ProfileData profile) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(4096);
    try (GZIPOutputStream gz = new FastGzip(bytes)) {
      encode(profile, gz);
    }
    return bytes.toByteArray();
  }

  /** The uncompressed {@code Profile} message of {@code profile}. */
  public static byte[] toBytes(ProfileData profile) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(4096);
    encode(profile, bytes);
    return bytes.toByteArray();
  }

  private static void encode(ProfileData profile, OutputStream out) throws IOException {
    CodedOutputStream coded = CodedOutputStream.newInstance(out, 8192);
    new ProtoWriter(ProfileView.DEFAULT.apply(profile)).writeTo(coded);
    coded.flush();
  }

  private void writeTo(CodedOutputStream o) throws IOException {
    for (long[] t : sampleTypes) {
      writeValueType(o, SAMPLE_TYPE, t);
    }
    for (EncodedSample s : samples) {
      writeSample(o, s);
    }
    writeMapping(o);
    for (Location l : locations) {
      writeLocation(o, l);
    }
    for (Function f : functions) {
      writeFunction(o, f);
    }
    for (String s : strings) {
      o.writeString(STRING_TABLE, s);
    }
    writeInt(o, TIME_NANOS, profile.timeNanos());
    writeInt(o, DURATION_NANOS, profile.durationNanos());
    if (periodType != null) {
      writeValueType(o, PERIOD_TYPE, periodType);
    }
    writeInt(o, PERIOD, profile.period());
    writePacked(o, COMMENT, comments);
    writeInt(o, DEFAULT_SAMPLE_TYPE, defaultSampleType);
  }

  // ValueType { int64 type = 1; int64 unit = 2; }
  private static void writeValueType(CodedOutputStream o, int field, long[] typeUnit) throws IOException {
    startMessage(o, field, intSize(1, typeUnit[0]) + intSize(2, typeUnit[1]));
    writeInt(o, 1, typeUnit[0]);
    writeInt(o, 2, typeUnit[1]);
  }

  // Sample { repeated uint64 location_id = 1; repeated int64 value = 2; repeated Label label = 3; }
  // Label { int64 key = 1; int64 str = 2; int64 num = 3; int64 num_unit = 4; }
  private static void writeSample(CodedOutputStream o, EncodedSample s) throws IOException {
    int size = packedSize(1, s.locationIds()) + packedSize(2, s.values());
    for (EncodedLabel l : s.labels()) {
      size += messageSize(3, labelSize(l));
    }
    startMessage(o, SAMPLE, size);
    writePacked(o, 1, s.locationIds());
    writePacked(o, 2, s.values());
    for (EncodedLabel l : s.labels()) {
      startMessage(o, 3, labelSize(l));
      writeInt(o, 1, l.key());
      writeInt(o, 2, l.str());
      writeInt(o, 3, l.num());
      writeInt(o, 4, l.numUnit());
    }
  }

  private static int labelSize(EncodedLabel l) {
    return intSize(1, l.key()) + intSize(2, l.str()) + intSize(3, l.num()) + intSize(4, l.numUnit());
  }

  // Mapping { uint64 id = 1; uint64 memory_start = 2; uint64 memory_limit = 3; int64 filename = 5;
  //           bool has_functions = 7; has_filenames = 8; has_line_numbers = 9; has_inline_frames = 10; }
  private void writeMapping(CodedOutputStream o) throws IOException {
    int size =
        intSize(1, 1)
            + intSize(2, Addresses.BASE)
            + intSize(3, Addresses.LIMIT)
            + intSize(5, mappingFile)
            + boolSize(7, true)
            + boolSize(8, true)
            + boolSize(9, true)
            + boolSize(10, inlined);
    startMessage(o, MAPPING, size);
    writeInt(o, 1, 1);
    writeInt(o, 2, Addresses.BASE);
    writeInt(o, 3, Addresses.LIMIT);
    writeInt(o, 5, mappingFile);
    writeBool(o, 7, true);
    writeBool(o, 8, true);
    writeBool(o, 9, true);
    writeBool(o, 10, inlined);
  }

  // Location { uint64 id = 1; uint64 mapping_id = 2; uint64 address = 3; repeated Line line = 4; }
  // Line { uint64 function_id = 1; int64 line = 2; }
  private static void writeLocation(CodedOutputStream o, Location l) throws IOException {
    int size = intSize(1, l.id()) + intSize(2, 1) + intSize(3, l.address());
    for (int i = 0; i < l.lines().length; i++) {
      size += messageSize(4, lineSize(l, i));
    }
    startMessage(o, LOCATION, size);
    writeInt(o, 1, l.id());
    writeInt(o, 2, 1);
    writeInt(o, 3, l.address());
    for (int i = 0; i < l.lines().length; i++) {
      startMessage(o, 4, lineSize(l, i));
      writeInt(o, 1, l.functionIds()[i]);
      writeInt(o, 2, l.lines()[i]);
    }
  }

  private static int lineSize(Location l, int i) {
    return intSize(1, l.functionIds()[i]) + intSize(2, l.lines()[i]);
  }

  // Function { uint64 id = 1; int64 name = 2; int64 system_name = 3; int64 filename = 4; }
  private static void writeFunction(CodedOutputStream o, Function f) throws IOException {
    startMessage(o, FUNCTION, intSize(1, f.id()) + intSize(2, f.name()) + intSize(3, f.name()) + intSize(4, f.file()));
    writeInt(o, 1, f.id());
    writeInt(o, 2, f.name());
    writeInt(o, 3, f.name());
    writeInt(o, 4, f.file());
  }

  // -- proto3 wire primitives: zero and false are the defaults and are not written --

  private static void startMessage(CodedOutputStream o, int field, int size) throws IOException {
    o.writeTag(field, LEN);
    o.writeUInt32NoTag(size);
  }

  private static int messageSize(int field, int size) {
    return CodedOutputStream.computeTagSize(field) + CodedOutputStream.computeUInt32SizeNoTag(size) + size;
  }

  /** int64 and uint64 have the same varint encoding (two's complement bits, 10 bytes if negative). */
  private static void writeInt(CodedOutputStream o, int field, long value) throws IOException {
    if (value != 0) {
      o.writeTag(field, VARINT);
      o.writeUInt64NoTag(value);
    }
  }

  private static int intSize(int field, long value) {
    return value == 0 ? 0 : CodedOutputStream.computeTagSize(field) + CodedOutputStream.computeUInt64SizeNoTag(value);
  }

  private static void writeBool(CodedOutputStream o, int field, boolean value) throws IOException {
    if (value) {
      o.writeBool(field, true);
    }
  }

  private static int boolSize(int field, boolean value) {
    return value ? CodedOutputStream.computeBoolSize(field, true) : 0;
  }

  private static void writePacked(CodedOutputStream o, int field, long[] values) throws IOException {
    if (values.length == 0) {
      return;
    }
    startMessage(o, field, packedPayload(values));
    for (long v : values) {
      o.writeUInt64NoTag(v);
    }
  }

  private static int packedSize(int field, long[] values) {
    return values.length == 0 ? 0 : messageSize(field, packedPayload(values));
  }

  private static int packedPayload(long[] values) {
    int size = 0;
    for (long v : values) {
      size += CodedOutputStream.computeUInt64SizeNoTag(v);
    }
    return size;
  }

  // -- interning --

  private long[] valueType(ValueType t) {
    return new long[] {string(t.type()), string(t.unit())};
  }

  private long location(List<Frame> frames) {
    Long id = locationIds.get(frames);
    if (id != null) {
      return id;
    }
    id = (long) locationIds.size() + 1;
    locationIds.put(frames, id);
    long[] fns = new long[frames.size()];
    long[] lines = new long[frames.size()];
    for (int i = 0; i < fns.length; i++) {
      fns[i] = function(frames.get(i));
      lines[i] = frames.get(i).line();
    }
    inlined |= frames.size() > 1;
    locations.add(new Location(id, Addresses.of(frames), fns, lines));
    return id;
  }

  private long function(Frame f) {
    FunctionKey key = new FunctionKey(f.className(), f.methodName(), f.sourceFile());
    Long id = functionIds.get(key);
    if (id != null) {
      return id;
    }
    id = (long) functionIds.size() + 1;
    functionIds.put(key, id);
    long name = string(f.functionName());
    functions.add(new Function(id, name, string(f.sourcePath())));
    return id;
  }

  private long string(String s) {
    Long index = stringIndex.get(s);
    if (index == null) {
      index = (long) strings.size();
      stringIndex.put(s, index);
      strings.add(s);
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
