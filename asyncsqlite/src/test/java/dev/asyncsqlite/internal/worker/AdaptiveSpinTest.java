package dev.asyncsqlite.internal.worker;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The spin-or-park choices on a clock the test moves: each look at the clock advances it by
 * {@link #STEP}, and the test decides how long every wait lasts and how it ends, so every outcome
 * is decided here, not by the machine.
 */
class AdaptiveSpinTest {
    private static final long MAX = 50_000;
    private static final long STEP = 100;

    private long now = 1_000_000_000L;
    private final AdaptiveSpin spin = new AdaptiveSpin(MAX, () -> now += STEP);

    /**
     * One wait: the other side arrives {@code after} nanoseconds after the wait began; a spin
     * that meets it sees it at once, a parked side only {@code wakeUp} nanoseconds later (what
     * waking a parked thread costs). {@code stall} is added to a spin that sees the arrival, as if
     * the spinner had lost its core while spinning.
     *
     * @return what {@link AdaptiveSpin#spin} returned
     */
    private int waitFor(long after, long wakeUp, long stall) {
        long start = spin.now();
        long arrives = start + after;
        boolean[] stalled = {false};
        int how = spin.spin(() -> {
            if (now >= arrives && !stalled[0]) {
                stalled[0] = true;
                now += stall;
            }
            return now >= arrives;
        }, start);
        if (how != AdaptiveSpin.ARRIVED) {
            now = Math.max(now, arrives) + wakeUp;
            spin.parked(how, start);
        }
        return how;
    }

    private void waits(int n, long after, long wakeUp, long stall) {
        for (int i = 0; i < n; i++) {
            waitFor(after, wakeUp, stall);
        }
    }

    @Test
    void aNewSideSpins() {
        assertThat(spin.isSpinning()).isTrue();
        assertThat(waitFor(1_000, 30_000, 0)).isEqualTo(AdaptiveSpin.ARRIVED);
    }

    @Test
    void whereSpinsMeetQuicklyAndParkingIsSlowASideKeepsSpinningAndTriesParkingRarely() {
        // An idle machine and a quick other side: spinning meets within a microsecond, and a
        // park costs a slow wake-up.
        waits(5_000, 1_000, 30_000, 0);
        assertThat(spin.isSpinning()).isTrue();
        assertThat(spin.tryEvery()).isEqualTo(AdaptiveSpin.MAX_EXPLORE_EVERY);
        assertThat(spin.spinCost()).isLessThan(spin.parkCost());
    }

    // A loaded machine: waking a parked thread takes 5 µs, the other side arrives after 2 µs, and
    // one spin in ten loses its core for a 3 ms time slice (a fixed pseudo-random sequence).
    // Returns the mean time a wait took, in nanoseconds.
    private long loadedWaits(int n, java.util.Random random) {
        long started = now;
        for (int i = 0; i < n; i++) {
            waitFor(2_000, 5_000, random.nextInt(10) == 0 ? 3_000_000 : 0);
        }
        return (now - started) / n;
    }

    // An idle machine: the other side arrives after 1 µs, a wake-up takes 30 µs.
    private long quietWaits(int n) {
        long started = now;
        waits(n, 1_000, 30_000, 0);
        return (now - started) / n;
    }

    @Test
    void whereSpinnersLoseTheirCoreASideParksAndWaitsAboutWhatAParkCosts() {
        java.util.Random random = new java.util.Random(42);
        loadedWaits(2_000, random);
        assertThat(spin.isSpinning()).isFalse();
        // Parking costs 7 µs a wait here, spinning 2 µs plus a tenth of 3 ms: 302 µs.
        assertThat(loadedWaits(20_000, random)).isLessThan(7_000 * 3 / 2);
    }

    @Test
    void whenTheLoadGoesASideSpinsAgain() {
        java.util.Random random = new java.util.Random(42);
        loadedWaits(20_000, random);
        assertThat(spin.isSpinning()).isFalse();
        // Idle again: spinning costs 1 µs a wait, parking 31 µs.
        assertThat(quietWaits(20_000)).isLessThan(5_000);
        assertThat(spin.isSpinning()).isTrue();
    }

    @Test
    void whereTheOtherSideIsSlowASideParks() {
        // Every wait outlasts any spin: spinning only adds its own time.
        waits(500, 200_000, 5_000, 0);
        assertThat(spin.isSpinning()).isFalse();
    }

    @Test
    void aSpinLastsNoLongerThanAParkCosts() {
        waits(500, 200_000, 5_000, 0);
        // Parking now costs about 205 µs, more than the longest spin: a try spins at most MAX.
        long parkCost = spin.parkCost();
        assertThat(parkCost).isGreaterThan(MAX);
        // On a machine where parking costs 6 µs, a spin gives up after about 6 µs.
        AdaptiveSpin quick = new AdaptiveSpin(MAX, () -> now += STEP);
        for (int i = 0; i < 200; i++) {
            long start = quick.now();
            int how = quick.spin(() -> false, start);
            if (how == AdaptiveSpin.NOT_SPUN) {
                now += 6_000;
            }
            quick.parked(how, start);
        }
        assertThat(quick.parkCost()).isBetween(5_000L, 7_000L);
        long start = quick.now();
        int how;
        do {
            start = quick.now();
            how = quick.spin(() -> false, start);
        } while (how == AdaptiveSpin.NOT_SPUN);
        assertThat(how).isEqualTo(AdaptiveSpin.SPUN);
        assertThat(now - start).isLessThan(quick.parkCost() + 10 * STEP);
    }

    @Test
    void triesComeHalfAsOftenWhileTheyConfirmTheChoiceAndAsOftenAsAtFirstAfterAChange() {
        int expected = AdaptiveSpin.EXPLORE_EVERY;
        for (int i = 0; i < 10; i++) {
            waits(spin.tryEvery(), 1_000, 30_000, 0);
            expected = Math.min(AdaptiveSpin.MAX_EXPLORE_EVERY, 2 * expected);
            assertThat(spin.tryEvery()).isEqualTo(expected);
        }
        while (spin.isSpinning()) {
            waitFor(200_000, 5_000, 0);
        }
        assertThat(spin.tryEvery()).isEqualTo(AdaptiveSpin.EXPLORE_EVERY);
    }

    @Test
    void aWaitThatLastsLongerThanAnyHandOffCountsOnlyUpToItsCap() {
        // An idle connection parked for an hour says nothing about what a hand-off costs.
        waits(100, 1_000, 30_000, 0);
        for (int i = 0; i < 5; i++) {
            waitFor(3_600_000_000_000L, 30_000, 0);
        }
        assertThat(spin.parkCost()).isLessThanOrEqualTo(AdaptiveSpin.LONGEST_SAMPLE_NANOS);
        assertThat(spin.spinCost()).isLessThanOrEqualTo(AdaptiveSpin.LONGEST_SAMPLE_NANOS + MAX);
    }

    @Test
    void aSideWithNoSpinAllowedNeverSpins() {
        AdaptiveSpin never = new AdaptiveSpin(0, () -> now += STEP);
        for (int i = 0; i < 10_000; i++) {
            long start = never.now();
            assertThat(never.spin(() -> true, start)).isEqualTo(AdaptiveSpin.NOT_SPUN);
            never.parked(AdaptiveSpin.NOT_SPUN, start);
        }
        assertThat(never.isSpinning()).isFalse();
    }
}
