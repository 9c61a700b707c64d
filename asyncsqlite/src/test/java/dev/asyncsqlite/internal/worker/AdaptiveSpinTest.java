package dev.asyncsqlite.internal.worker;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The spin-or-park decisions on a clock the test moves: each look at the clock advances it by
 * {@link #STEP} unless the test makes it jump, so every outcome is decided by the test, not by
 * the machine.
 */
class AdaptiveSpinTest {
    private static final long MAX = 50_000;
    private static final long STEP = 100;

    private long now = 1_000_000_000L;
    private long jumpAtLook = -1;
    private long jumpBy;
    private long looks;

    private long tick() {
        looks++;
        if (looks == jumpAtLook) {
            now += jumpBy;
        }
        now += STEP;
        return now;
    }

    private final AdaptiveSpin spin = new AdaptiveSpin(MAX, this::tick);

    // Arrives at the given poll (1 = already there when the wait begins).
    private static AdaptiveSpin.Arrival afterPolls(int polls) {
        int[] seen = {0};
        return () -> ++seen[0] >= polls;
    }

    private static final AdaptiveSpin.Arrival NEVER = () -> false;

    private boolean missOnce() {
        return spin.spin(NEVER);
    }

    // The clock jumps during the next spin, as if the spinner lost its core between two looks.
    private void loseTheCoreDuringTheNextSpin() {
        jumpAtLook = looks + 2;
        jumpBy = AdaptiveSpin.PREEMPTED_NANOS + 1;
    }

    @Test
    void aSideSpinsWhileItsSpinsMeetTheOtherSide() {
        for (int i = 0; i < 100; i++) {
            assertThat(spin.spin(afterPolls(20))).isTrue();
        }
        assertThat(spin.isSpinning()).isTrue();
    }

    @Test
    void aSpinThatNeverMeetsRunsOutWithinTheLongestSpin() {
        long start = now;
        assertThat(missOnce()).isFalse();
        assertThat(now - start).isGreaterThan(MAX).isLessThan(MAX + 10 * STEP);
    }

    @Test
    void aSideStopsSpinningAfterFourSpinsInARowRanOut() {
        for (int i = 1; i < AdaptiveSpin.MISSES_TO_STOP; i++) {
            missOnce();
            assertThat(spin.isSpinning()).as("after %d misses", i).isTrue();
        }
        missOnce();
        assertThat(spin.isSpinning()).isFalse();
        // Stopped: the next waits park at once, without a look at the clock.
        long before = looks;
        assertThat(spin.spin(afterPolls(2))).isFalse();
        assertThat(looks).isEqualTo(before);
    }

    @Test
    void aSpinThatMeetsForgivesTheMissesBeforeIt() {
        for (int round = 0; round < 10; round++) {
            for (int i = 1; i < AdaptiveSpin.MISSES_TO_STOP; i++) {
                missOnce();
            }
            assertThat(spin.spin(afterPolls(5))).isTrue();
        }
        assertThat(spin.isSpinning()).isTrue();
    }

    @Test
    void aSideThatLosesItsCoreWhileSpinningStopsAtOnce() {
        loseTheCoreDuringTheNextSpin();
        assertThat(spin.spin(afterPolls(1_000_000))).isFalse();
        assertThat(spin.isSpinning()).isFalse();
        assertThat(spin.coolDown()).isEqualTo(AdaptiveSpin.MIN_COOL_DOWN_NANOS);
    }

    @Test
    void afterLosingItsCoreASideProbesOnlyOnceTheCoolDownIsOver() {
        loseTheCoreDuringTheNextSpin();
        missOnce();
        long coolDownEnds = now + AdaptiveSpin.MIN_COOL_DOWN_NANOS;
        // Waits that would meet at once if spun for: none spins while the cool-down lasts.
        while (now < coolDownEnds - 10 * STEP) {
            assertThat(spin.spin(afterPolls(2))).isFalse();
            now += 10 * STEP;
        }
        assertThat(spin.isSpinning()).isFalse();
        now = coolDownEnds;
        boolean met = false;
        int every = spin.probeEvery();
        for (int i = 0; i < every && !met; i++) {
            met = spin.spin(afterPolls(2));
        }
        assertThat(met).as("a probe within %d waits after the cool-down", every).isTrue();
        assertThat(spin.isSpinning()).isTrue();
    }

    @Test
    void theCoolDownDoublesWhileTheSideKeepsLosingItsCoreAndResetsWhenThatStops() {
        long expected = AdaptiveSpin.MIN_COOL_DOWN_NANOS;
        for (int i = 0; i < 12; i++) {
            forceSpinning();
            loseTheCoreDuringTheNextSpin();
            missOnce();
            assertThat(spin.coolDown()).isEqualTo(expected);
            now += spin.coolDown();
            expected = Math.min(AdaptiveSpin.MAX_COOL_DOWN_NANOS, 2 * expected);
        }
        assertThat(spin.coolDown()).isEqualTo(AdaptiveSpin.MAX_COOL_DOWN_NANOS);
        now += 10 * AdaptiveSpin.MAX_COOL_DOWN_NANOS;
        forceSpinning();
        loseTheCoreDuringTheNextSpin();
        missOnce();
        assertThat(spin.coolDown()).isEqualTo(AdaptiveSpin.MIN_COOL_DOWN_NANOS);
    }

    // Brings a stopped side back to spinning through a probe that meets.
    private void forceSpinning() {
        for (int i = 0; i <= AdaptiveSpin.MAX_PROBE_EVERY && !spin.isSpinning(); i++) {
            spin.spin(afterPolls(2));
        }
        assertThat(spin.isSpinning()).isTrue();
    }

    @Test
    void aStoppedSideProbesLessOftenAfterEachProbeThatMisses() {
        for (int i = 0; i < AdaptiveSpin.MISSES_TO_STOP; i++) {
            missOnce();
        }
        int every = spin.probeEvery();
        for (int probe = 0; probe < 10; probe++) {
            int spun = 0;
            for (int i = 0; i < every; i++) {
                long before = looks;
                missOnce();
                spun += looks - before > 1 ? 1 : 0;
            }
            assertThat(spun).as("probes among %d waits", every).isEqualTo(1);
            every = Math.min(AdaptiveSpin.MAX_PROBE_EVERY, 2 * every);
        }
        assertThat(spin.isSpinning()).isFalse();
    }

    // Stops a spinning side by misses, then brings it back with a probe that meets.
    private void stopAndComeBack() {
        for (int i = 0; i < AdaptiveSpin.MISSES_TO_STOP; i++) {
            missOnce();
        }
        assertThat(spin.isSpinning()).isFalse();
        forceSpinning();
    }

    @Test
    void eachTimeSpinningStopsAgainTheSideProbesHalfAsOften() {
        int expected = AdaptiveSpin.PROBE_EVERY;
        for (int i = 0; i < 10; i++) {
            stopAndComeBack();
            expected = Math.min(AdaptiveSpin.MAX_PROBE_EVERY, 2 * expected);
            assertThat(spin.probeEvery()).isEqualTo(expected);
        }
        assertThat(spin.probeEvery()).isEqualTo(AdaptiveSpin.MAX_PROBE_EVERY);
    }

    @Test
    void spinningThatPaysForLongBringsTheProbesBackToTheirFirstPace() {
        for (int i = 0; i < 5; i++) {
            stopAndComeBack();
        }
        assertThat(spin.probeEvery()).isGreaterThan(AdaptiveSpin.PROBE_EVERY);
        for (int i = 1; i < AdaptiveSpin.METS_TO_TRUST - 1; i++) {
            assertThat(spin.spin(afterPolls(3))).isTrue();
        }
        assertThat(spin.probeEvery()).as("not yet trusted").isGreaterThan(AdaptiveSpin.PROBE_EVERY);
        assertThat(spin.spin(afterPolls(3))).isTrue();
        assertThat(spin.probeEvery()).isEqualTo(AdaptiveSpin.PROBE_EVERY);
    }

    @Test
    void aSideWithNoSpinAllowedNeverSpins() {
        AdaptiveSpin never = new AdaptiveSpin(0, this::tick);
        for (int i = 0; i < 10_000; i++) {
            assertThat(never.spin(afterPolls(2))).isFalse();
        }
        assertThat(never.spin(afterPolls(1))).as("an arrival before the wait needs no spin").isTrue();
    }
}
