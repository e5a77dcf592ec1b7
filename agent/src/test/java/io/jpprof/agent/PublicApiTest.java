package io.jpprof.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.jpprof.Profile;
import io.jpprof.fixtures.GoPprof;
import io.jpprof.http.Pprof;
import io.jpprof.servlet.PprofServlet;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The public API is what docs/api.md lists: public types only in the public packages (internal ones
 * under {@code io.jpprof.internal}, documented as not API), and no internal, generated or
 * package-private type in a public or protected signature of a public package.
 */
class PublicApiTest {
  /** docs/api.md's public packages. */
  static final Set<String> PUBLIC_PACKAGES = Set.of("io.jpprof", "io.jpprof.http", "io.jpprof.servlet", "io.jpprof.agent",
      "io.jpprof.opentelemetry");
  static final String INTERNAL = "io.jpprof.internal";
  /**
   * The agent's JBoss Logging provider must sit in JBoss Logging's package; in the agent jar it is
   * relocated under io.jpprof.agent.shaded with the library, so no application ever sees it.
   */
  static final Set<String> RELOCATED = Set.of("org.jboss.logging.JpprofAgentLoggerProvider");

  /**
   * One class from each jar whose API is guarded (this test lives in the agent module, the one
   * that sees every published jar).
   */
  static final List<Class<?>> MODULES = List.of(Profile.class, Pprof.class, PprofServlet.class, Agent.class,
      io.jpprof.opentelemetry.JpprofSpanProcessor.class);

  @Test
  void docsListTheSamePublicPackages() throws IOException {
    String doc = Files.readString(Path.of("..", "docs", "api.md"));
    for (String p : PUBLIC_PACKAGES) {
      assertThat(doc).contains("| `" + p + "` |");
    }
  }

  @Test
  void publicTypesOnlyInPublicOrInternalPackages() throws Exception {
    assertThat(strays(mainClasses())).as("public types outside docs/api.md's packages").isEmpty();
  }

  /** The guard itself: a public type in any other package is a stray, internal and API ones are not. */
  @Test
  void aPublicTypeElsewhereIsAStray() throws Exception {
    Class<?> slf4jBinding = Class.forName("io.jpprof.internal.agent.StderrProvider");
    List<Class<?>> sample = List.of(Pprof.class, Agent.class, slf4jBinding,
        Class.forName("org.jboss.logging.JpprofAgentLoggerProvider"), GoPprof.class, Test.class);
    assertThat(strays(sample)).containsExactly(GoPprof.class.getName(), Test.class.getName());
  }

  /** The public types of {@code classes} outside the public and internal packages. */
  static List<String> strays(List<Class<?>> classes) {
    List<String> strays = new ArrayList<>();
    for (Class<?> c : classes) {
      String pkg = c.getPackageName();
      boolean internal = pkg.equals(INTERNAL) || pkg.startsWith(INTERNAL + ".");
      if (visible(c) && !internal && !PUBLIC_PACKAGES.contains(pkg) && !RELOCATED.contains(c.getName())) {
        strays.add(c.getName());
      }
    }
    return strays;
  }

  @Test
  void publicSignaturesMentionOnlyApiTypes() throws Exception {
    Set<String> leaks = new TreeSet<>();
    for (Class<?> c : mainClasses()) {
      if (!visible(c) || !PUBLIC_PACKAGES.contains(c.getPackageName())) {
        continue;
      }
      List<Type> types = new ArrayList<>();
      types.add(c.getGenericSuperclass());
      types.addAll(List.of(c.getGenericInterfaces()));
      types.addAll(List.of(c.getTypeParameters()));
      for (Field f : c.getDeclaredFields()) {
        if (exposed(f)) {
          check(leaks, c.getName() + "." + f.getName(), f.getGenericType());
        }
      }
      List<Executable> executables = new ArrayList<>(List.of(c.getDeclaredMethods()));
      executables.addAll(List.of(c.getDeclaredConstructors()));
      for (Executable e : executables) {
        if (!exposed(e) || e.isSynthetic()) {
          continue;
        }
        String where = c.getName() + "." + e.getName();
        if (e instanceof Method m) {
          check(leaks, where, m.getGenericReturnType());
        }
        for (Type t : e.getGenericParameterTypes()) {
          check(leaks, where, t);
        }
        for (Type t : e.getGenericExceptionTypes()) {
          check(leaks, where, t);
        }
        for (TypeVariable<?> v : e.getTypeParameters()) {
          check(leaks, where, v);
        }
      }
      for (Type t : types) {
        check(leaks, c.getName(), t);
      }
    }
    assertThat(leaks).as("public signatures that expose non-API types").isEmpty();
  }

  private static boolean exposed(Member m) {
    int mod = m.getModifiers();
    boolean inheritable = !Modifier.isFinal(m.getDeclaringClass().getModifiers());
    return Modifier.isPublic(mod) || (Modifier.isProtected(mod) && inheritable);
  }

  private static void check(Set<String> leaks, String where, Type type) {
    if (type == null) {
      return;
    }
    if (type instanceof Class<?> c) {
      while (c.isArray()) {
        c = c.getComponentType();
      }
      String n = c.getName();
      boolean jpprof = n.startsWith("io.jpprof.");
      boolean forbidden = n.startsWith(INTERNAL + ".") || n.startsWith("io.jpprof.proto.")
          || n.startsWith("com.google.protobuf.")
          || (jpprof && (!visible(c) || !PUBLIC_PACKAGES.contains(c.getPackageName())));
      if (forbidden) {
        leaks.add(where + " -> " + n);
      }
    } else if (type instanceof ParameterizedType p) {
      check(leaks, where, p.getRawType());
      for (Type a : p.getActualTypeArguments()) {
        check(leaks, where, a);
      }
    } else if (type instanceof WildcardType w) {
      Stream.concat(Stream.of(w.getUpperBounds()), Stream.of(w.getLowerBounds())).forEach(t -> check(leaks, where, t));
    } else if (type instanceof GenericArrayType a) {
      check(leaks, where, a.getGenericComponentType());
    } else if (type instanceof TypeVariable<?> v) {
      for (Type b : v.getBounds()) {
        check(leaks, where, b);
      }
    }
  }

  /** Public, and so are all its enclosing classes. */
  private static boolean visible(Class<?> c) {
    for (Class<?> k = c; k != null; k = k.getEnclosingClass()) {
      if (!Modifier.isPublic(k.getModifiers()) || k.isAnonymousClass() || k.isLocalClass()) {
        return false;
      }
    }
    return true;
  }

  /** Every class of the guarded jars (their main output, not the tests). */
  static List<Class<?>> mainClasses() throws IOException, URISyntaxException, ClassNotFoundException {
    List<Class<?>> classes = new ArrayList<>();
    for (Class<?> anchor : MODULES) {
      Path root = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
      List<String> names = new ArrayList<>();
      if (Files.isDirectory(root)) {
        try (Stream<Path> walk = Files.walk(root)) {
          walk.filter(p -> p.toString().endsWith(".class"))
              .forEach(p -> names.add(root.relativize(p).toString().replace('\\', '/')));
        }
      } else {
        try (JarFile jar = new JarFile(root.toFile())) {
          jar.stream().map(e -> e.getName()).filter(n -> n.endsWith(".class")).forEach(names::add);
        }
      }
      for (String n : names) {
        if (n.endsWith("module-info.class") || n.endsWith("package-info.class")) {
          continue;
        }
        classes.add(Class.forName(n.substring(0, n.length() - 6).replace('/', '.'), false, anchor.getClassLoader()));
      }
    }
    assertThat(classes).hasSizeGreaterThan(20);
    return classes;
  }
}
