package io.jpprof.internal.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AddressesTest {

  @Test
  void sameLocationSameAddressDifferentLocationDifferentAddress() {
    Frame f = Frame.of("ad.A", "f", "A.java", 1);
    Frame g = Frame.of("ad.A", "g", "A.java", 2);
    long af = Addresses.of(List.of(f));
    assertThat(Addresses.of(new ArrayList<>(List.of(Frame.of("ad.A", "f", "A.java", 1))))).isEqualTo(af);
    long ag = Addresses.of(List.of(g));
    assertThat(ag).isNotEqualTo(af);
    assertThat(Addresses.of(List.of(Frame.of("ad.A", "f", "A.java", 3)))).isNotEqualTo(af); // other line
    long inlined = Addresses.of(List.of(new Frame("ad.A", "f", "A.java", 1, true), g));
    assertThat(inlined).isNotIn(af, ag);
    for (long a : new long[] {af, ag, inlined}) {
      assertThat(a).isBetween(Addresses.BASE, Addresses.LIMIT - 1);
      assertThat((a - Addresses.BASE) % 0x10).isZero();
    }
  }

  @Test
  void functionAtResolvesAnyAddressInTheSlot() {
    Frame f = Frame.of("ad.B", "resolveMe", "B.java", 1);
    long a = Addresses.of(List.of(f));
    assertThat(Addresses.functionAt(a)).isEqualTo("ad.B.resolveMe");
    assertThat(Addresses.functionAt(a + 1)).isEqualTo("ad.B.resolveMe"); // return address from text
    assertThat(Addresses.functionAt(a + 0xf)).isEqualTo("ad.B.resolveMe");
  }

  @Test
  void functionAtNamesTheInnermostFrameOfAnInlinedLocation() {
    Frame callee = new Frame("ad.C", "callee", "C.java", 5, true);
    Frame caller = Frame.of("ad.C", "caller", "C.java", 9);
    long a = Addresses.of(List.of(callee, caller));
    assertThat(Addresses.functionAt(a + 1)).isEqualTo("ad.C.callee");
  }

  @Test
  void functionAtIsNullOutsideAllocatedSlots() {
    assertThat(Addresses.functionAt(0)).isNull();
    assertThat(Addresses.functionAt(Addresses.BASE - 1)).isNull();
    assertThat(Addresses.functionAt(Addresses.LIMIT)).isNull();
    assertThat(Addresses.functionAt(Addresses.LIMIT - 1)).isNull(); // in range, never allocated
    assertThat(Addresses.functionAt(-1)).isNull();
    assertThat(Addresses.functionAt(Long.MAX_VALUE)).isNull();
  }

  @Test
  void nextSlotBelongsToTheNextLocation() {
    long a = Addresses.of(List.of(Frame.of("ad.D", "one", "D.java", 1)));
    long b = Addresses.of(List.of(Frame.of("ad.D", "two", "D.java", 2)));
    if (b == a + 0x10) { // allocated consecutively (no concurrent allocation in between)
      assertThat(Addresses.functionAt(a + 0x10)).isEqualTo("ad.D.two");
      assertThat(Addresses.functionAt(a + 0xf)).isEqualTo("ad.D.one");
    }
  }

  @Test
  void pastTheOldBoundNoAddressIsZeroOrGivenTwice() {
    Addresses table = new Addresses(4096);
    int n = (1 << 20) + 50_000;
    long[] seen = new long[n + 1];
    for (int i = 0; i < n; i++) {
      seen[i] = table.address(List.of(Frame.of("ad.Many", "m" + (i & 1023), "Many.java", i >> 10)));
    }
    // the first location, forgotten long ago, comes back: a new address, not anyone's old one
    List<Frame> first = List.of(Frame.of("ad.Many", "m0", "Many.java", 0));
    seen[n] = table.address(first);
    assertThat(table.address(first)).isEqualTo(seen[n]); // remembered again
    long[] sorted = seen.clone();
    java.util.Arrays.sort(sorted);
    assertThat(sorted[0]).isGreaterThanOrEqualTo(Addresses.BASE);
    for (int i = 1; i < sorted.length; i++) {
      if (sorted[i] == sorted[i - 1]) {
        throw new AssertionError("address 0x" + Long.toHexString(sorted[i]) + " given to two locations");
      }
    }
    assertThat(seen[n]).isNotEqualTo(seen[0]);
    assertThat(table.function(seen[n - 1] + 1)).isEqualTo("ad.Many.m" + ((n - 1) & 1023));
    assertThat(table.function(seen[0])).as("forgotten").isNull();
  }
}
