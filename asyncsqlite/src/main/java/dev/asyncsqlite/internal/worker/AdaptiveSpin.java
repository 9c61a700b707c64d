package dev.asyncsqlite.internal.worker;

import java.util.function.LongSupplier;

/**
 * Whether one side of a hand-off spins before it parks: learnt from how its spins end.
 *
 * <p>Spinning pays only while the other side is on a core and about to arrive: then a spin of a
 * few microseconds saves a park and an unpark, which cost tens of microseconds on an idle
 * machine. A spin that does not meet the other side is pure loss, and a costly one when runnable
 * threads outnumber cores: the spinner holds a core the other side may be waiting for, the
 * scheduler stops favouring a thread that never sleeps, and a spinner that loses its core waits
 * out whole time slices. So a side
 * <ul>
 *   <li>spins, up to {@code maxNanos}, while its spins meet the other side;</li>
 *   <li>stops spinning after {@link #MISSES_TO_STOP} spins in a row ran out (the other side is
 *       slow or idle, and parking costs less); a spin that ran out after the spinner had just
 *       woken the other side does not count, since it only shows that waking took long;</li>
 *   <li>watches for lost cores: a gap between two looks at the clock far longer than a look takes
 *       means the spinner was descheduled. A lone one (a collection, a compilation) is forgiven
 *       by {@link #STALL_WEIGHT} spins that meet; {@link #STALLS_TO_STOP} close together mean
 *       more runnable threads than cores, where only a thread that sleeps gets its turn promptly:
 *       the side stops spinning and probes no sooner than a cool-down, which doubles while this
 *       repeats, up to {@link #MAX_COOL_DOWN_NANOS};</li>
 *   <li>yields its core every {@link #YIELD_EVERY_NANOS} while it spins (at once when it has
 *       just woken the other side): the scheduler likes to wake a thread on its waker's core, so
 *       the other side may be queued behind the spinner. Where nothing else wants the core a
 *       yield costs little; where something does, the core is gone for a time slice, which
 *       counts as a lost core;</li>
 *   <li>once stopped, parks at once and probes with one spin every so many waits; a probe that
 *       meets starts the spinning again, on probation (one lost core stops it) until enough
 *       spins met. The interval starts at {@link #PROBE_EVERY} waits and doubles, up to
 *       {@link #MAX_PROBE_EVERY}, after each probe that missed and each time spinning stopped
 *       again; interval and cool-down are back at their start once {@link #METS_TO_TRUST} spins
 *       in a row met. A probe spins {@link #PROBE_LENGTH} times {@code maxNanos} and yields
 *       first, so that two sides that both park find their way back to spinning even on an idle
 *       virtual machine, where a wake-up can take longer than a spin lasts.</li>
 * </ul>
 * So on a loaded machine, and with a slow or idle other side, a side soon spins on almost no
 * wait; where spinning pays, it spins again within a few waits. Parking is never put off by more
 * than {@code maxNanos} ({@link #PROBE_LENGTH} times that for a probe), and a parked side costs
 * no CPU.
 *
 * <p>Threading: {@link #spin} may be called by any number of threads at once. The state is a
 * set of hints in plain fields, read and written without synchronisation: a stale or lost update
 * only delays the adaptation by a wait or two, every path still parks within its limit, and a
 * spin that meets writes nothing once the state is settled, so the waits of many callers do not
 * contend on it.
 */
final class AdaptiveSpin {
    /** Misses in a row before a side stops spinning. */
    static final int MISSES_TO_STOP = 4;
    /**
     * Lost cores close together that stop a side's spinning: {@link #STALL_WEIGHT} spins that met
     * forgive one. A lone one (a garbage collection, a compilation) does not stop it; on a
     * machine with more runnable threads than cores they come one after another.
     */
    static final int STALLS_TO_STOP = 3;
    /** How many spins that met forgive one lost core. */
    static final int STALL_WEIGHT = 16;
    /** The first time a side keeps off probing after it stopped spinning for lost cores. */
    static final long MIN_COOL_DOWN_NANOS = 10_000_000;
    /** The longest it keeps off, after this happened again and again. */
    static final long MAX_COOL_DOWN_NANOS = 1_000_000_000;
    /** Spins in a row that meet before a side trusts spinning again. */
    static final int METS_TO_TRUST = 64;
    /** The fewest waits between the probes of a side that stopped spinning. */
    static final int PROBE_EVERY = 8;
    /** The most waits between two probes. */
    static final int MAX_PROBE_EVERY = 1024;
    /**
     * How many times {@code maxNanos} a probe spins: long enough to see a parked other side wake
     * up, which on an idle virtual machine can take longer than a spin lasts.
     */
    static final int PROBE_LENGTH = 4;
    /** A gap this long between two looks at the clock means the spinner lost its core. */
    static final long PREEMPTED_NANOS = 20_000;
    // Spin-wait hints between two looks at the clock: a look costs about as much as a few hints.
    private static final int HINTS_PER_LOOK = 8;
    /** How often a spin yields its core: each yield costs a fraction of a microsecond. */
    static final long YIELD_EVERY_NANOS = 10_000;

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
    // Lost cores, each weighing STALL_WEIGHT and forgiven one by one by spins that met.
    private int stalls;
    private int metInARow;
    private int waitsToProbe;
    private int probeEvery = PROBE_EVERY;
    // After cores were lost: no probe before probeNotBefore; 0 while no core was lost since the
    // side last trusted spinning.
    private long coolDown;
    private long probeNotBefore;

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
    }

    /**
     * Spins until {@code arrival} says so or the spin runs out, and learns from how it ended.
     *
     * @param arrival what is waited for
     * @param wokeOther whether the spinner has just woken the other side from its park: the
     *     scheduler may have queued it on the spinner's own core, so the spin yields the core once
     *     first; and a spin that runs out then says only that waking took long, not that spinning
     *     fails, so it is not counted as a miss
     * @return true if the other side arrived; false if the caller must park
     */
    boolean spin(Arrival arrival, boolean wokeOther) {
        if (arrival.arrived()) {
            return true;
        }
        boolean probe = !spinning;
        if (probe && !probeNow()) {
            return false;
        }
        long limit = probe ? PROBE_LENGTH * maxNanos : maxNanos;
        long start = clock.getAsLong();
        long last = start;
        long nextYield = probe || wokeOther ? start : start + YIELD_EVERY_NANOS;
        for (int i = 1; ; i++) {
            Thread.onSpinWait();
            if (i % HINTS_PER_LOOK == 0) {
                long now = clock.getAsLong();
                if (now - last > PREEMPTED_NANOS) {
                    // Descheduled: the other side may have arrived meanwhile, but the spin did not
                    // pay, and where this happens once it soon happens again.
                    lostCore(probe, now);
                    return arrival.arrived();
                }
                if (now - start > limit) {
                    if (!wokeOther || probe) {
                        missed(probe);
                    }
                    return false;
                }
                if (now - nextYield >= 0) {
                    // The other side may be queued on this very core (the scheduler likes to wake
                    // a thread where its waker runs, and a pair that woke each other can end up
                    // sharing one core): let it run. At once if it was just woken, else every
                    // YIELD_EVERY_NANOS. A yield costs little when nothing else wants the core; on a
                    // loaded machine it gives the core away for a time slice, which counts as a
                    // lost core even if the other side arrived meanwhile.
                    Thread.yield();
                    now = clock.getAsLong();
                    if (now - last > PREEMPTED_NANOS) {
                        lostCore(probe, now);
                        return arrival.arrived();
                    }
                    nextYield = now + YIELD_EVERY_NANOS;
                }
                last = now;
            }
            if (arrival.arrived()) {
                met(probe);
                return true;
            }
        }
    }

    // A side that stopped spinning: whether this wait is the one to probe with.
    private boolean probeNow() {
        if (maxNanos == 0 || --waitsToProbe > 0) {
            return false;
        }
        waitsToProbe = probeEvery;
        return coolDown == 0 || clock.getAsLong() - probeNotBefore >= 0;
    }

    private void met(boolean probe) {
        if (misses != 0) {
            misses = 0;
        }
        if (stalls != 0) {
            stalls--;
        }
        if (probe) {
            // On probation: one lost core stops it again until enough spins have met.
            spinning = true;
            metInARow = 1;
            stalls = STALL_WEIGHT * (STALLS_TO_STOP - 1);
        } else if (metInARow < METS_TO_TRUST && ++metInARow == METS_TO_TRUST) {
            probeEvery = PROBE_EVERY;
            coolDown = 0;
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

    // Spinning stopped again: it did not pay for long, so probe for it less often.
    private void stop() {
        spinning = false;
        misses = 0;
        stalls = 0;
        waitsToProbe = probeEvery = backedOff();
    }

    private void lostCore(boolean probe, long now) {
        stalls += STALL_WEIGHT;
        if (probe || stalls >= STALL_WEIGHT * STALLS_TO_STOP) {
            // The machine has more runnable threads than cores: keep off spinning for a while,
            // longer each time this repeats (a probe there costs a time slice too).
            coolDown = coolDown == 0 ? MIN_COOL_DOWN_NANOS : Math.min(MAX_COOL_DOWN_NANOS, 2 * coolDown);
            probeNotBefore = now + coolDown;
            if (probe) {
                missed(true);
            } else {
                stop();
            }
        }
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
     * How long a side that lost its core keeps off probing, for tests.
     *
     * @return nanoseconds; 0 once it trusts spinning again
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
