package io.jpprof.internal.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.jpprof.PprofConfig;
import io.jpprof.fixtures.Json;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The IDE metadata names exactly the keys the starter reads: every {@link PprofConfig} key but the
 * two a servlet cannot use (host and port are the management server's), and the starter's own.
 */
class ConfigurationMetadataTest {
  @Test
  void metadataNamesEveryKeyTheStarterReads() throws Exception {
    String json;
    try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
      json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> properties = (List<Map<String, Object>>) ((Map<String, Object>) Json.parse(json)).get("properties");
    Set<String> documented = new TreeSet<>();
    for (Map<String, Object> p : properties) {
      documented.add((String) p.get("name"));
      assertThat((String) p.get("description")).as("%s's description", p.get("name")).isNotBlank();
    }
    Set<String> read = new TreeSet<>(Set.of(PprofRegistration.APPLICATION_PORT));
    for (String key : PprofConfig.keys()) {
      if (!key.equals("host") && !key.equals("port")) {
        read.add(PprofRegistration.PREFIX + key);
      }
    }
    assertThat(documented)
        .as("spring-boot-starter's META-INF/spring-configuration-metadata.json names every key the starter reads:"
            + " a key added to PprofConfig needs its entry there")
        .isEqualTo(read);
  }
}
