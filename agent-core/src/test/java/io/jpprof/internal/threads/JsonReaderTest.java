package io.jpprof.internal.threads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonReaderTest {
  /** Shaped like JDK 25's HotSpotDiagnosticMXBean.dumpThreads JSON (note the JDK escapes '/'). */
  private static final String DUMP =
      """
      {
        "threadDump": {
          "processId": 4242,
          "time": "2025-09-16T10:00:00.000000Z",
          "runtimeVersion": "25+36-LTS",
          "threadContainers": [
            {
              "container": "<root>",
              "parent": null,
              "owner": null,
              "threads": [
                {
                  "tid": 1,
                  "time": "2025-09-16T10:00:00.000001Z",
                  "name": "main",
                  "state": "WAITING",
                  "waitingOn": "java.lang.Object@1b6d3586",
                  "stack": [
                    "java.base\\/java.lang.Object.wait0(Native Method)",
                    "app\\/\\/com.x.Main.main(Main.java:10)"
                  ],
                  "monitorsOwned": [
                    { "depth": 1, "locks": [ "java.lang.Object@1b6d3586", null ] }
                  ]
                }
              ],
              "threadCount": 1
            },
            {
              "container": "java.util.concurrent.ThreadPerTaskExecutor@5e9f23b4",
              "parent": "<root>",
              "owner": null,
              "threads": [
                {
                  "tid": "31",
                  "time": "2025-09-16T10:00:00.000002Z",
                  "virtual": true,
                  "name": "",
                  "state": "WAITING",
                  "parkBlocker": { "object": "java.util.concurrent.locks.ReentrantLock$NonfairSync@6d06d69c", "owner": 1 },
                  "stack": [
                    "java.base\\/jdk.internal.misc.Unsafe.park(Native Method)",
                    "VT.lambda$main$0(VT.java:7)"
                  ],
                  "carrier": 24
                },
                {
                  "tid": 32,
                  "time": "2025-09-16T10:00:00.000003Z",
                  "virtual": true,
                  "name": "v \\"quoted\\" \\u00e9\\ud83d\\ude00\\t",
                  "state": "RUNNABLE",
                  "stack": [ ]
                }
              ],
              "threadCount": 2
            }
          ]
        }
      }
      """;

  private static final class Collector {
    final List<Map<String, Object>> records = new ArrayList<>();
    final List<Integer> recordsSeenWhenDelivered = new ArrayList<>();
  }

  @Test
  @SuppressWarnings("unchecked")
  void deliversThreadRecordsAsTheyCompleteAndDoesNotKeepThem() throws IOException {
    Collector c = new Collector();
    Object root =
        new JsonReader(
                new StringReader(DUMP),
                m -> m.containsKey("tid") && m.containsKey("stack"),
                m -> c.records.add(m))
            .read();

    assertThat(c.records).hasSize(3);
    Map<String, Object> main = c.records.get(0);
    assertThat(main.get("tid")).isEqualTo(1L);
    assertThat(main.get("name")).isEqualTo("main");
    assertThat(main.get("state")).isEqualTo("WAITING");
    assertThat(main.get("waitingOn")).isEqualTo("java.lang.Object@1b6d3586");
    assertThat(main).doesNotContainKey("virtual");
    assertThat((List<Object>) main.get("stack"))
        .containsExactly("java.base/java.lang.Object.wait0(Native Method)", "app//com.x.Main.main(Main.java:10)");
    List<Object> monitors = (List<Object>) main.get("monitorsOwned");
    assertThat(monitors).hasSize(1);
    assertThat((Map<String, Object>) monitors.get(0)).containsEntry("depth", 1L);

    Map<String, Object> vt = c.records.get(1);
    assertThat(vt.get("tid")).isEqualTo("31");
    assertThat(vt.get("virtual")).isEqualTo(Boolean.TRUE);
    assertThat(vt.get("name")).isEqualTo("");
    assertThat((Map<String, Object>) vt.get("parkBlocker"))
        .containsEntry("object", "java.util.concurrent.locks.ReentrantLock$NonfairSync@6d06d69c")
        .containsEntry("owner", 1L);
    assertThat(vt.get("carrier")).isEqualTo(24L);

    Map<String, Object> escaped = c.records.get(2);
    assertThat(escaped.get("name")).isEqualTo("v \"quoted\" é😀\t");
    assertThat((List<Object>) escaped.get("stack")).isEmpty();

    // The tree that is returned no longer holds the records.
    Map<String, Object> dump = (Map<String, Object>) ((Map<String, Object>) root).get("threadDump");
    assertThat(dump.get("processId")).isEqualTo(4242L);
    assertThat(dump.get("runtimeVersion")).isEqualTo("25+36-LTS");
    List<Object> containers = (List<Object>) dump.get("threadContainers");
    assertThat(containers).hasSize(2);
    for (Object container : containers) {
      Map<String, Object> m = (Map<String, Object>) container;
      assertThat((List<Object>) m.get("threads")).isEmpty();
      assertThat(m).containsKey("parent").containsKey("threadCount");
    }
    assertThat(root.toString()).doesNotContain("Main.java").doesNotContain("VT.java");
  }

  @Test
  void recordsAreDeliveredBeforeTheRestIsRead() throws IOException {
    List<String> events = new ArrayList<>();
    StringReader in =
        new StringReader("[{\"tid\":1,\"stack\":[]}, {\"tid\":2,\"stack\":[]}, ") {
          // no closing bracket: the reader must fail only after delivering both records
        };
    JsonReader r = new JsonReader(in, m -> m.containsKey("tid"), m -> events.add("tid " + m.get("tid")));
    assertThatThrownBy(r::read).isInstanceOf(IOException.class);
    assertThat(events).containsExactly("tid 1", "tid 2");
  }

  @Test
  void scalars() throws IOException {
    assertThat(read("-12")).isEqualTo(-12L);
    assertThat(read("1.5e3")).isEqualTo(1500.0);
    assertThat(read(" true ")).isEqualTo(Boolean.TRUE);
    assertThat(read("false")).isEqualTo(Boolean.FALSE);
    assertThat(read("null")).isNull();
    assertThat(read("\"a\\\\b\\/c\\n\\u0041\"")).isEqualTo("a\\b/c\nA");
    assertThat(read("{ }")).isEqualTo(Map.of());
    assertThat(read("[ ]")).isEqualTo(List.of());
    assertThat(read("{\"a\":[1,{\"b\":null}]}")).hasToString("{a=[1, {b=null}]}");
  }

  @Test
  void malformedInputIsAnIOException() {
    for (String bad : List.of("", "{", "{\"a\" 1}", "[1 2]", "\"open", "tru", "{1:2}", "@")) {
      assertThatThrownBy(() -> read(bad)).as(bad).isInstanceOf(IOException.class);
    }
  }

  private static Object read(String json) throws IOException {
    return new JsonReader(new StringReader(json), m -> false, m -> {}).read();
  }
}
