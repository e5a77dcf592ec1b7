package io.jpprof.compat;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Reads the outline of a gzip {@code profile.proto} with {@link CodedInputStream} alone, so it runs
 * on any protobuf-java: the generated classes are not on this module's test classpath.
 */
final class HandDecoder {
  /** What a profile holds, its string indices resolved. */
  record Outline(List<String> sampleTypes, String periodType, int samples, int locations, int functions,
      int mappings, List<String> strings) {}

  private HandDecoder() {}

  static Outline decode(byte[] gzip) {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip))) {
      CodedInputStream c = CodedInputStream.newInstance(in);
      List<long[]> sampleTypes = new ArrayList<>();
      long[] periodType = null;
      List<String> strings = new ArrayList<>();
      int samples = 0;
      int locations = 0;
      int functions = 0;
      int mappings = 0;
      for (int tag = c.readTag(); tag != 0; tag = c.readTag()) {
        switch (WireFormat.getTagFieldNumber(tag)) {
          case 1 -> sampleTypes.add(valueType(c));
          case 2 -> { samples++; c.skipField(tag); }
          case 3 -> { mappings++; c.skipField(tag); }
          case 4 -> { locations++; c.skipField(tag); }
          case 5 -> { functions++; c.skipField(tag); }
          case 6 -> strings.add(c.readString());
          case 11 -> periodType = valueType(c);
          default -> c.skipField(tag);
        }
      }
      List<String> types = new ArrayList<>();
      for (long[] t : sampleTypes) {
        types.add(strings.get((int) t[0]) + "/" + strings.get((int) t[1]));
      }
      String period = periodType == null ? null
          : strings.get((int) periodType[0]) + "/" + strings.get((int) periodType[1]);
      return new Outline(types, period, samples, locations, functions, mappings, strings);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** ValueType { int64 type = 1; int64 unit = 2; } */
  private static long[] valueType(CodedInputStream c) throws IOException {
    int limit = c.pushLimit(c.readRawVarint32());
    long[] typeUnit = new long[2];
    for (int tag = c.readTag(); tag != 0; tag = c.readTag()) {
      int field = WireFormat.getTagFieldNumber(tag);
      if (field == 1 || field == 2) {
        typeUnit[field - 1] = c.readInt64();
      } else {
        c.skipField(tag);
      }
    }
    c.popLimit(limit);
    return typeUnit;
  }
}
