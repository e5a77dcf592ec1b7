package io.jpprof.internal;

import io.jpprof.internal.profile.ProfileData;
import io.jpprof.internal.profile.ProfileSource;
import io.jpprof.internal.profile.ProfileView;
import io.jpprof.internal.profile.SampleTable;
import io.jpprof.internal.profile.Stack;
import io.jpprof.internal.text.CountText;
import java.io.IOException;
import java.io.OutputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A profile the application keeps itself ({@code io.jpprof.Profile.newProfile}): one stack per
 * value added and not yet removed, as Go's custom profiles.
 */
public final class CustomProfile implements ProfileSource {
  private final String name;
  private final Map<Object, Stack> values = new HashMap<>();

  public CustomProfile(String name) {
    this.name = name;
  }

  /**
   * Records {@code value} with the stack that added it.
   *
   * @throws IllegalArgumentException Go's text when the value is in the profile already
   */
  public synchronized void add(Object value, Stack stack) {
    if (values.containsKey(value)) {
      throw new IllegalArgumentException("pprof: Profile.Add of duplicate value");
    }
    values.put(value, stack);
  }

  /** Removes {@code value}; nothing happens when it is not in the profile. */
  public synchronized void remove(Object value) {
    values.remove(value);
  }

  @Override
  public synchronized int count() {
    return values.size();
  }

  @Override
  public ProfileData collect() {
    SampleTable table = new SampleTable(1);
    synchronized (this) {
      values.values().forEach(s -> table.add(s, List.of(), 1));
    }
    return ProfileData.countProfile(name).addAll(table.samples()).build();
  }

  @Override
  public void writeText(String name, int debug, ProfileView view, OutputStream out) throws IOException {
    out.write(CountText.write(name, view.apply(collect())));
  }
}
