package io.jpprof.internal.profile;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * runtime/pprof's registry of named profiles: the built-in ones and those the application adds
 * ({@code io.jpprof.Profile.newProfile}), by name, in name order. Each entry also keeps the public
 * API's object for it, made once, so that a name always gives the same object; this package does
 * not know that type.
 */
public final class NamedProfiles {
  /** One named profile. */
  public static final class Entry {
    private final String name;
    private final ProfileSource source;
    private Object api; // guarded by the registry

    private Entry(String name, ProfileSource source) {
      this.name = name;
      this.source = source;
    }

    public String name() {
      return name;
    }

    public ProfileSource source() {
      return source;
    }
  }

  private final Map<String, Entry> entries = new TreeMap<>();

  /**
   * Adds a profile; {@code api} makes its public object, under the registry's lock.
   *
   * @throws IllegalArgumentException Go's text when the name is in use
   */
  public synchronized Entry add(String name, ProfileSource source, Function<Entry, Object> api) {
    if (entries.containsKey(name)) {
      throw new IllegalArgumentException("pprof: NewProfile name already in use: " + name);
    }
    Entry e = new Entry(name, source);
    if (api != null) {
      e.api = api.apply(e);
    }
    entries.put(name, e);
    return e;
  }

  /** The profile of that name, or null. */
  public synchronized Entry get(String name) {
    return entries.get(name);
  }

  /** The source of the profile of that name, or null. */
  public ProfileSource source(String name) {
    Entry e = get(name);
    return e == null ? null : e.source;
  }

  /** Every profile, in name order. */
  public synchronized List<Entry> all() {
    return new ArrayList<>(entries.values());
  }

  /** The entry's public object, made by {@code make} the first time. */
  public synchronized Object api(Entry e, Function<Entry, Object> make) {
    if (e.api == null) {
      e.api = make.apply(e);
    }
    return e.api;
  }
}
