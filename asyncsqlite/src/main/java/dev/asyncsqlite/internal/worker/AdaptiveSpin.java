package dev.asyncsqlite.internal.worker;

import java.util.function.LongSupplier;

/**
 * Whether one side of a hand-off spins before it parks: learnt from how its recent spins ended.
 *
 * <p>Spinning pays only while the other side is on a core and about to arrive: then a spin of a
 * few microseconds saves a park and an unpark, which cost tens of microseconds on an idle
 * machine. It costs dearly when runnable threads outnumber cores: the spinner holds a core the
 * other side may be waiting for, and the scheduler, which sees a thread that never sleeps, stops
 * favouring it at wake-up, so hand-offs wait out whole time slices. So a side
 * <ul>
 *   <li>spins, up to {@code maxNanos}, while its spins meet the other side;</li>
 *   <li>stops spinning after {@link #MISSES_TO_STOP} spins in a row ran out: the other side is
 *       slow or asleep, and parking costs less than spinning;</li>
 *   <li>stops spinning when it finds it lost its core while spinning (a gap between two looks at
 *       the clock far longer than a look takes): the machine has more runnable threads than
 *       cores, and there only a thread that sleeps gets its turn promptly when woken. It spins
 *       again only after a cool-down, which doubles, up to {@link #MAX_COOL_DOWN_NANOS}, each
 *       time this happens again soon after the last;</li>
 *   <li>once stopped, probes with one spin every so many waits, and starts spinning again if the
 *       probe met the other side. The interval starts at {@link #PROBE_EVERY} waits and doubles,
 *       up to {@link #MAX_PROBE_EVERY}, after each probe that missed and each time spinning
 *       stopped again; it is back at {@link #PROBE_EVERY} once {@link #METS_TO_TRUST} spins in a
 *       row met. So where spinning keeps failing (a loaded machine, a slow other side), a side
 *       soon spins on almost no wait at all, and where it pays, it is back within a few waits.</li>
 * </ul>
 * So parking is never put off by more than {@code maxNanos}, and a side that stopped spinning
 * costs no CPU while it waits.
 *
 * <p>Threading: {@link #spin} may be called by any number of threads at once. The state is a
 * set of hints in plain fields, read and written without synchronisation: a stale or lost update
 * only delays the adaptation by a wait or two, every path still parks within {@code maxNanos},
 * and a spin that meets writes nothing once the state is settled, so the waits of many callers do
 * not contend on it.
 */
final class AdaptiveSpin {
    /** Spins in a row that run out before a side stops spinning. */
    static final int MISSES_TO_STOP = 4;
    /** Spins in a row that meet before a side trusts spinning again. */
    static final int METS_TO_TRUST = 64;
    /** The fewest waits between the probes of a side that stopped spinning. */
    static final int PROBE_EVERY = 8;
    /** The most waits between two probes. */
    static final int MAX_PROBE_EVERY = 1024;
    /** A gap this long between two looks at the clock means the spinner lost its core. */
    static final long PREEMPTED_NANOS = 20_000;
    /** The first cool-down after the spinner lost its core. */
    static final long MIN_COOL_DOWN_NANOS = 1_000_000;
    /** The longest cool-down. */
    static final long MAX_COOL_DOWN_NANOS = 128_000_000;
    // Spin-wait hints between two looks at the clock: a look costs about as much as a few hints.
    private static final int HINTS_PER_LOOK = 8;

    /** What a spinner waits for. */
    @FunctionalInterface
    interface Arrival {
        /**
         * Whether the other side has arrived.
         *
         * @return true once the wait is over
         */
        boolean arrived();
    }

    private final long maxNanos;
    private final LongSupplier clock;
    // Any thread; hints in plain fields, see the class comment.
    private boolean spinning;
    private int misses;
    private int metInARow;
    private int waitsToProbe;
    private int probeEvery = PROBE_EVERY;
    private long coolDown = MIN_COOL_DOWN_NANOS;
    private long coolDownEnds;
    private long lastPreempted;

    /**
     * A side that spins at most {@code maxNanos} before it parks.
     *
     * @param maxNanos the longest spin; 0 never spins
     */
    AdaptiveSpin(long maxNanos) {
        this(maxNanos, System::nanoTime);
    }

    /**
     * The seam for tests: time from {@code clock}.
     *
     * @param maxNanos the longest spin; 0 never spins
     * @param clock nanoseconds, as {@link System#nanoTime()}
     */
    AdaptiveSpin(long maxNanos, LongSupplier clock) {
        this.maxNanos = maxNanos;
        this.clock = clock;
        this.spinning = maxNanos > 0;
        long now = clock.getAsLong();
        this.coolDownEnds = now;
        this.lastPreempted = now - MAX_COOL_DOWN_NANOS;
    }

    /**
     * Spins until {@code arrival} says so or the spin runs out, and learns from how it ended.
     *
     * @param arrival what is waited for
     * @return true if the other side arrived; false if the caller must park
     */
    boolean spin(Arrival arrival) {
        if (arrival.arrived()) {
            return true;
        }
        boolean probe = !spinning;
        if (probe && !probeNow()) {
            return false;
        }
        long start = clock.getAsLong();
        long last = start;
        for (int i = 1; ; i++) {
            Thread.onSpinWait();
            if (arrival.arrived()) {
                met(probe);
                return true;
            }
            if (i % HINTS_PER_LOOK == 0) {
                long now = clock.getAsLong();
                if (now - last > PREEMPTED_NANOS) {
                    preempted(now);
                    return false;
                }
                if (now - start > maxNanos) {
                    missed(probe);
                    return false;
                }
                last = now;
            }
        }
    }

    // A side that stopped spinning: whether this wait is the one to probe with.
    private boolean probeNow() {
        if (maxNanos == 0 || --waitsToProbe > 0) {
            return false;
        }
        waitsToProbe = probeEvery;
        return clock.getAsLong() - coolDownEnds >= 0;
    }

    private void met(boolean probe) {
        if (misses != 0) {
            misses = 0;
        }
        if (probe) {
            spinning = true;
            metInARow = 1;
        } else if (metInARow < METS_TO_TRUST && ++metInARow == METS_TO_TRUST) {
            probeEvery = PROBE_EVERY;
        }
    }

    private void missed(boolean probe) {
        metInARow = 0;
        if (probe) {
            waitsToProbe = probeEvery = backedOff();
        } else if (++misses >= MISSES_TO_STOP) {
            stop();
        }
    }

    private void preempted(long now) {
        // Lost the core again soon after the last time: the load lasts, so keep off longer.
        long next = now - lastPreempted < 4 * coolDown ? Math.min(MAX_COOL_DOWN_NANOS, 2 * coolDown) : MIN_COOL_DOWN_NANOS;
        coolDown = next;
        lastPreempted = now;
        coolDownEnds = now + next;
        metInARow = 0;
        stop();
    }

    // Spinning stopped: it did not pay for long, so probe for it less often than before.
    private void stop() {
        spinning = false;
        misses = 0;
        waitsToProbe = probeEvery = backedOff();
    }

    private int backedOff() {
        return Math.min(MAX_PROBE_EVERY, 2 * probeEvery);
    }

    /**
     * Whether the side spins before it parks now.
     *
     * @return true while it spins
     */
    boolean isSpinning() {
        return spinning;
    }

    /**
     * How long the side keeps off spinning after it last lost its core, for tests.
     *
     * @return the current cool-down in nanoseconds
     */
    long coolDown() {
        return coolDown;
    }

    /**
     * How many waits a stopped side lets pass between two probes, for tests.
     *
     * @return the probe interval
     */
    int probeEvery() {
        return probeEvery;
    }
}
