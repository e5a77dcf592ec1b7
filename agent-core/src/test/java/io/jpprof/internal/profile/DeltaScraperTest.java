package io.jpprof.internal.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jpprof.fixtures.PprofValidator;
import io.jpprof.proto.ProfileProto;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** godeltaprof's scrape deltas over fake steady sources: cumulative values split, inuse absolute. */
class DeltaScraperTest {
  private static final Stack A = Stack.of(List.of(Frame.of("com.example.A", "alloc", "A.java", 10)));
  private static final Stack B = Stack.of(List.of(Frame.of("com.example.B", "alloc", "B.java", 20)));

  /**
   * A heap-like source: every snapshot, A has allocated 3 more objects of 100 bytes and B 1 of
   * 1000 bytes since the previous one (cumulative), and A keeps 5 live objects, B a number that
   * grows by one per snapshot (absolute).
   */
  static final class SteadyHeap implements Supplier<ProfileData> {
    final AtomicLong ticks = new AtomicLong();

    @Override
    public ProfileData get() {
      long t = ticks.incrementAndGet();
      return ProfileData.builder(
              new ValueType("alloc_objects", "count"),
              new ValueType("alloc_space", "bytes"),
              new ValueType("inuse_objects", "count"),
              new ValueType("inuse_space", "bytes"))
          .periodType(new ValueType("space", "bytes"))
          .period(512 * 1024)
          .defaultSampleType("inuse_space")
          .add(new Sample(A, 3 * t, 300 * t, 5, 500))
          .add(new Sample(B, t, 1000 * t, t, 1000 * t))
          .build();
    }
  }

  /** A mutex-like source: A contends once per snapshot for 1 ms, B twice for 2 ms each. */
  static final class SteadyMutex implements Supplier<ProfileData> {
    long ticks;

    @Override
    public synchronized ProfileData get() {
      long t = ++ticks;
      return ProfileData.builder(new ValueType("contentions", "count"), new ValueType("delay", "nanoseconds"))
          .periodType(new ValueType("contentions", "count"))
          .period(1)
          .add(new Sample(A, t, 1_000_000 * t))
          .add(new Sample(B, 2 * t, 4_000_000 * t))
          .build();
    }
  }

  @Test
  void tenScrapesOfASteadyHeapAddUpToThePlainTotalsAndInuseStaysAbsolute() throws IOException {
    SteadyHeap heap = new SteadyHeap();
    DeltaScraper scraper = new DeltaScraper();
    long[] sums = new long[4];
    for (int i = 1; i <= 10; i++) {
      ProfileData d = scraper.scrape(heap);
      ProfileProto.Profile p = PprofValidator.parse(ProtoWriter.toGzip(d));
      assertThat(p.getSampleCount()).isEqualTo(2);
      for (int v = 0; v < 4; v++) {
        sums[v] += d.total(v);
      }
      assertThat(d.total(0)).as("alloc_objects of one scrape").isEqualTo(4);
      assertThat(d.total(1)).as("alloc_space of one scrape").isEqualTo(1300);
      assertThat(d.total(2)).as("inuse_objects: the heap now").isEqualTo(5 + i);
      assertThat(d.total(3)).as("inuse_space: the heap now").isEqualTo(500 + 1000L * i);
      assertThat(d.defaultSampleType()).isEqualTo("inuse_space");
    }
    ProfileData plain = heap.get(); // the 11th tick: subtract its last step
    assertThat(sums[0]).isEqualTo(plain.total(0) - 4);
    assertThat(sums[1]).isEqualTo(plain.total(1) - 1300);
  }

  @Test
  void tenScrapesOfASteadyMutexAddUpToThePlainTotals() throws IOException {
    SteadyMutex mutex = new SteadyMutex();
    DeltaScraper scraper = new DeltaScraper();
    long contentions = 0;
    long delay = 0;
    for (int i = 0; i < 10; i++) {
      ProfileData d = scraper.scrape(mutex);
      PprofValidator.parse(ProtoWriter.toGzip(d));
      assertThat(d.total(0)).isEqualTo(3);
      assertThat(d.total(1)).isEqualTo(5_000_000);
      contentions += d.total(0);
      delay += d.total(1);
    }
    assertThat(contentions).isEqualTo(30);
    assertThat(delay).isEqualTo(50_000_000);
  }

  @Test
  void firstScrapeIsTheWholeProfileAndDurationIsTheTimeBetweenScrapes() throws Exception {
    SteadyMutex mutex = new SteadyMutex();
    mutex.get();
    mutex.get();
    DeltaScraper scraper = new DeltaScraper();
    ProfileData first = scraper.scrape(mutex);
    assertThat(first.total(0)).isEqualTo(9);
    Thread.sleep(20);
    ProfileData second = scraper.scrape(mutex);
    assertThat(second.total(0)).isEqualTo(3);
    assertThat(second.durationNanos()).isGreaterThanOrEqualTo(20_000_000L);
    assertThat(second.timeNanos()).isGreaterThan(first.timeNanos());
  }

  @Test
  void unchangedSamplesAreLeftOutAndADecreaseIsKeptSoScrapesAddUp() throws IOException {
    long[] a = {5};
    Supplier<ProfileData> source =
        () -> ProfileData.countProfile("c").add(new Sample(A, a[0])).add(new Sample(B, 7)).build();
    DeltaScraper scraper = new DeltaScraper();
    assertThat(scraper.scrape(source).samples()).hasSize(2);
    a[0] = 8;
    ProfileData d = scraper.scrape(source);
    assertThat(d.samples()).containsExactly(new Sample(A, 3));
    a[0] = 2; // went down (bytes moved to another stack): -6, so the scrapes still add up
    assertThat(scraper.scrape(source).samples()).containsExactly(new Sample(A, -6));
    a[0] = 4;
    assertThat(scraper.scrape(source).samples()).containsExactly(new Sample(A, 2));
  }

  @Test
  void aFailedSnapshotIsGosCollectErrorAndKeepsTheBaseline() throws IOException {
    SteadyMutex mutex = new SteadyMutex();
    DeltaScraper scraper = new DeltaScraper();
    scraper.scrape(mutex);
    assertThatThrownBy(() -> scraper.scrape(() -> { throw new IllegalStateException("boom"); }))
        .isInstanceOf(Deltas.Failure.class)
        .hasMessage("failed to collect profile");
    assertThat(scraper.scrape(mutex).total(0)).isEqualTo(3);
  }

  @Test
  void twoConcurrentScrapersShareOneBaselineAndTogetherSeeEverythingOnce() throws Exception {
    SteadyMutex mutex = new SteadyMutex();
    DeltaScraper scraper = new DeltaScraper();
    List<CompletableFuture<long[]>> clients = new ArrayList<>();
    for (int c = 0; c < 2; c++) {
      clients.add(
          CompletableFuture.supplyAsync(
              () -> {
                long[] sum = new long[2];
                for (int i = 0; i < 50; i++) {
                  try {
                    ProfileData d = scraper.scrape(mutex);
                    sum[0] += d.total(0);
                    sum[1] += d.total(1);
                  } catch (IOException e) {
                    throw new AssertionError(e);
                  }
                }
                return sum;
              }));
    }
    long contentions = 0;
    for (CompletableFuture<long[]> c : clients) {
      long[] sum = c.get();
      assertThat(sum[0]).as("each client sees a part").isLessThan(300).isGreaterThan(0);
      contentions += sum[0];
    }
    assertThat(contentions).as("100 scrapes of +3 each, every one reported once").isEqualTo(300);
  }
}
