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
        return spin.spin(NEVER, false);
    }

    private void missUntilStopped() {
        for (int i = 0; i < AdaptiveSpin.MISSES_TO_STOP; i++) {
            missOnce();
        }
        assertThat(spin.isSpinning()).isFalse();
    }

    // Brings a stopped side back to spinning through a probe that meets.
    private void probeUntilSpinning() {
        for (int i = 0; i <= AdaptiveSpin.MAX_PROBE_EVERY && !spin.isSpinning(); i++) {
            spin.spin(afterPolls(2), false);
        }
        assertThat(spin.isSpinning()).isTrue();
    }

    // The clock jumps at the next spin's first look after its start, as if the spinner lost its
    // core just then.
    private void loseTheCoreDuringTheNextSpin() {
        jumpAtLook = looks + 2;
        jumpBy = AdaptiveSpin.PREEMPTED_NANOS + 1;
    }

    @Test
    void aSideSpinsWhileItsSpinsMeetTheOtherSide() {
        for (int i = 0; i < 100; i++) {
            assertThat(spin.spin(afterPolls(20), false)).isTrue();
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
    void aSideStopsSpinningAfterFourMissesInARow() {
        for (int i = 1; i < AdaptiveSpin.MISSES_TO_STOP; i++) {
            missOnce();
            assertThat(spin.isSpinning()).as("after %d misses", i).isTrue();
        }
        missOnce();
        assertThat(spin.isSpinning()).isFalse();
        // Stopped: the next waits park at once, without a look at the clock.
        long before = looks;
        assertThat(spin.spin(afterPolls(2), false)).isFalse();
        assertThat(looks).isEqualTo(before);
    }

    @Test
    void aSpinThatMeetsForgivesTheMissesBeforeIt() {
        for (int round = 0; round < 10; round++) {
            for (int i = 1; i < AdaptiveSpin.MISSES_TO_STOP; i++) {
                missOnce();
            }
            assertThat(spin.spin(afterPolls(30), false)).isTrue();
        }
        assertThat(spin.isSpinning()).isTrue();
    }

    // A spin whose first look after its start finds the clock jumped, as if the spinner lost its
    // core just then; the other side arrives during the gap.
    private boolean loseTheCore() {
        loseTheCoreDuringTheNextSpin();
        long before = now;
        return spin.spin(() -> now - before > AdaptiveSpin.PREEMPTED_NANOS, false);
    }

    @Test
    void aSpinnerThatLostItsCoreSeesTheArrivalAtOnceButALoneLossDoesNotStopIt() {
        long before = now;
        assertThat(loseTheCore()).as("the other side had arrived").isTrue();
        assertThat(now - before).as("the spin ended at the gap").isLessThan(AdaptiveSpin.PREEMPTED_NANOS + 10 * STEP);
        assertThat(spin.isSpinning()).isTrue();
        for (int round = 0; round < 10; round++) {
            // Forgiven by enough spins that meet: losses far apart never stop it.
            for (int i = 0; i < AdaptiveSpin.STALL_WEIGHT * AdaptiveSpin.STALLS_TO_STOP; i++) {
                assertThat(spin.spin(afterPolls(5), false)).isTrue();
            }
            loseTheCore();
            assertThat(spin.isSpinning()).isTrue();
        }
    }

    @Test
    void lostCoresCloseTogetherStopSpinningAndKeepProbesOffForACoolDown() {
        for (int i = 0; i < AdaptiveSpin.STALLS_TO_STOP; i++) {
            assertThat(spin.isSpinning()).isTrue();
            loseTheCore();
        }
        assertThat(spin.isSpinning()).isFalse();
        assertThat(spin.coolDown()).isEqualTo(AdaptiveSpin.MIN_COOL_DOWN_NANOS);
        // Waits that would meet at once if spun for: none spins until the cool-down is over.
        long ends = now + AdaptiveSpin.MIN_COOL_DOWN_NANOS;
        while (now < ends - 10_000) {
            assertThat(spin.spin(afterPolls(2), false)).isFalse();
            now += 10_000;
        }
        now = ends;
        probeUntilSpinning();
    }

    @Test
    void aProbeThatLosesItsCoreDoublesTheCoolDownAndTrustResetsIt() {
        for (int i = 0; i < AdaptiveSpin.STALLS_TO_STOP; i++) {
            loseTheCore();
        }
        long expected = AdaptiveSpin.MIN_COOL_DOWN_NANOS;
        for (int i = 0; i < 10; i++) {
            assertThat(spin.coolDown()).isEqualTo(expected);
            now += spin.coolDown();
            // Let the next probe come, and lose the core in it.
            for (int w = 0; w < AdaptiveSpin.MAX_PROBE_EVERY && spin.coolDown() == expected; w++) {
                long looksBefore = looks;
                jumpAtLook = looks + 3;
                jumpBy = AdaptiveSpin.PREEMPTED_NANOS + 1;
                spin.spin(afterPolls(1_000_000), false);
                if (looks == looksBefore) {
                    jumpAtLook = -1;
                }
            }
            expected = Math.min(AdaptiveSpin.MAX_COOL_DOWN_NANOS, 2 * expected);
        }
        assertThat(spin.coolDown()).isEqualTo(AdaptiveSpin.MAX_COOL_DOWN_NANOS);
        now += spin.coolDown();
        jumpAtLook = -1;
        probeUntilSpinning();
        for (int i = 0; i < AdaptiveSpin.METS_TO_TRUST; i++) {
            spin.spin(afterPolls(3), false);
        }
        assertThat(spin.coolDown()).isZero();
        assertThat(spin.probeEvery()).isEqualTo(AdaptiveSpin.PROBE_EVERY);
    }

    @Test
    void aSpinThatRanOutAfterWakingTheOtherSideIsNoMiss() {
        for (int i = 0; i < 10 * AdaptiveSpin.MISSES_TO_STOP; i++) {
            assertThat(spin.spin(NEVER, true)).isFalse();
        }
        assertThat(spin.isSpinning()).isTrue();
    }

    @Test
    void aProbeOnProbationStopsAtItsFirstLostCore() {
        missUntilStopped();
        probeUntilSpinning();
        loseTheCore();
        assertThat(spin.isSpinning()).isFalse();
    }

    @Test
    void aStoppedSideProbesAndSpinsAgainWhenAProbeMeets() {
        missUntilStopped();
        int every = spin.probeEvery();
        int waits = 0;
        boolean met = false;
        while (!met && waits < every) {
            waits++;
            met = spin.spin(afterPolls(2), false);
        }
        assertThat(met).isTrue();
        assertThat(waits).isEqualTo(every);
        assertThat(spin.isSpinning()).isTrue();
    }

    @Test
    void aProbeSpinsLongerThanASpinToSeeAParkedOtherSideWakeUp() {
        missUntilStopped();
        int every = spin.probeEvery();
        for (int i = 1; i < every; i++) {
            missOnce();
        }
        long start = now;
        assertThat(missOnce()).isFalse();
        long limit = AdaptiveSpin.PROBE_LENGTH * MAX;
        assertThat(now - start).isGreaterThan(limit).isLessThan(limit + 10 * STEP);
    }

    @Test
    void aStoppedSideProbesLessOftenAfterEachProbeThatMisses() {
        missUntilStopped();
        int every = spin.probeEvery();
        for (int probe = 0; probe < 10; probe++) {
            int spun = 0;
            for (int i = 0; i < every; i++) {
                long before = looks;
                missOnce();
                spun += looks > before ? 1 : 0;
            }
            assertThat(spun).as("probes among %d waits", every).isEqualTo(1);
            every = Math.min(AdaptiveSpin.MAX_PROBE_EVERY, 2 * every);
            assertThat(spin.probeEvery()).isEqualTo(every);
        }
        assertThat(spin.isSpinning()).isFalse();
    }

    @Test
    void eachTimeSpinningStopsAgainTheSideProbesHalfAsOften() {
        int expected = AdaptiveSpin.PROBE_EVERY;
        for (int i = 0; i < 10; i++) {
            missUntilStopped();
            expected = Math.min(AdaptiveSpin.MAX_PROBE_EVERY, 2 * expected);
            assertThat(spin.probeEvery()).isEqualTo(expected);
            probeUntilSpinning();
        }
        assertThat(spin.probeEvery()).isEqualTo(AdaptiveSpin.MAX_PROBE_EVERY);
    }

    @Test
    void spinningThatPaysForLongBringsTheProbesBackToTheirFirstPace() {
        for (int i = 0; i < 5; i++) {
            missUntilStopped();
            probeUntilSpinning();
        }
        assertThat(spin.probeEvery()).isGreaterThan(AdaptiveSpin.PROBE_EVERY);
        // The probe that met counts as the first of the spins in a row that met.
        for (int i = 1; i < AdaptiveSpin.METS_TO_TRUST - 1; i++) {
            assertThat(spin.spin(afterPolls(3), false)).isTrue();
        }
        assertThat(spin.probeEvery()).as("not yet trusted").isGreaterThan(AdaptiveSpin.PROBE_EVERY);
        assertThat(spin.spin(afterPolls(3), false)).isTrue();
        assertThat(spin.probeEvery()).isEqualTo(AdaptiveSpin.PROBE_EVERY);
    }

    @Test
    void aSideWithNoSpinAllowedNeverSpins() {
        AdaptiveSpin never = new AdaptiveSpin(0, this::tick);
        for (int i = 0; i < 10_000; i++) {
            assertThat(never.spin(afterPolls(2), false)).isFalse();
        }
        assertThat(never.spin(afterPolls(1), false)).as("an arrival before the wait needs no spin").isTrue();
        assertThat(never.isSpinning()).isFalse();
    }
}
