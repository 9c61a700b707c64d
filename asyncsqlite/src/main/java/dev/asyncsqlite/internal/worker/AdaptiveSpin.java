package dev.asyncsqlite.internal.worker;

import java.util.function.LongSupplier;

/**
 * Whether one side of a hand-off spins before it parks, chosen by what its waits have cost.
 *
 * <p>Spinning pays while the other side is on a core and about to arrive: a spin of a few
 * microseconds then saves a park and an unpark, and on an idle machine waking a parked thread
 * costs tens of microseconds. It costs dearly when runnable threads outnumber cores: the spinner
 * holds a core the other side may need, the scheduler stops favouring a thread that never sleeps,
 * and a spinner that loses its core waits out whole time slices. No fixed rule fits both, so a
 * side measures what its waits cost, from the moment it starts waiting to the moment it sees the
 * other side, and picks the cheaper way:
 * <ul>
 *   <li>two running averages, one of waits it spun for (a spin that ran out counts with the time
 *       it spun, wasted, on top of its park) and one of waits it parked for at once; a descheduled
 *       spinner's lost time slices land in the first, a slow wake-up in the second;</li>
 *   <li>it spins when the first is the lower (by a quarter, to change its way: two ways that
 *       cost about the same do not make it flap), and then for no longer than a park costs (the
 *       second average, at most {@code maxNanos}): spinning longer than parking would take cannot
 *       pay. So on a loaded machine, where waking a thread is quick, spins are short, and a side
 *       whose spins keep running out (a slow or idle other side) parks;</li>
 *   <li>every so many waits it tries the other way once, to keep that average current: every
 *       {@link #EXPLORE_EVERY} waits, and half as often each time a try confirms the choice, down
 *       to one in {@link #MAX_EXPLORE_EVERY}. A try weighs more in its average than a wait of the
 *       chosen way, so that a change of the machine's load changes the choice within a few tries.</li>
 * </ul>
 * So parking is never put off by more than {@code maxNanos}, and a parked side costs no CPU.
 *
 * <p>Use: take {@link #now()}, call {@link #spin}; if it returns {@link #ARRIVED} the wait is
 * over, otherwise park until the other side arrives and then report the whole wait with
 * {@link #parked}.
 *
 * <p>Threading: any number of threads may wait at once. The state is a set of hints in plain
 * fields, read and written without synchronisation: a stale or lost update only makes one choice
 * a little less informed, and every path still parks within {@code maxNanos}.
 */
final class AdaptiveSpin {
    /** {@link #spin}: the other side arrived; nothing to park for. */
    static final int ARRIVED = 0;
    /** {@link #spin}: the spin ran out; park, then report with {@link #parked}. */
    static final int SPUN = 1;
    /** {@link #spin}: parking at once pays more; park, then report with {@link #parked}. */
    static final int NOT_SPUN = 2;

    /** Waits between two tries of the way not chosen, after a change of choice. */
    static final int EXPLORE_EVERY = 16;
    /** The most waits between two tries. */
    static final int MAX_EXPLORE_EVERY = 256;
    /**
     * The longest wait an average takes in: a longer one says only that the other side was idle
     * or slow (a spin could not have met it), and would drown what hand-offs cost.
     */
    static final long LONGEST_SAMPLE_NANOS = 1_000_000;
    // A wait moves its average by 1/16 of the difference, a try by 1/4.
    private static final int WAIT_WEIGHT = 4;
    private static final int TRY_WEIGHT = 2;
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
    private long spinCost;
    private long parkCost;
    private boolean spinning;
    private int untilTry;
    private int tryEvery = EXPLORE_EVERY;
    private boolean trying;

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
        // Until measured, parking is taken to cost the longest spin: a new side spins first.
        this.parkCost = maxNanos;
        this.spinning = maxNanos > 0;
        this.untilTry = tryEvery;
    }

    /**
     * The clock this side measures its waits with.
     *
     * @return nanoseconds
     */
    long now() {
        return clock.getAsLong();
    }

    /**
     * Spins until {@code arrival} says so, if spinning pays, for no longer than a park costs.
     *
     * @param arrival what is waited for
     * @param start when the wait began, from {@link #now()}
     * @return {@link #ARRIVED}, or {@link #SPUN} or {@link #NOT_SPUN} if the caller must park
     */
    int spin(Arrival arrival, long start) {
        if (maxNanos == 0) {
            return NOT_SPUN;
        }
        boolean spin = spinning;
        if (--untilTry <= 0) {
            untilTry = tryEvery;
            trying = true;
            spin = !spin;
        }
        if (!spin) {
            return NOT_SPUN;
        }
        long budget = Math.min(maxNanos, parkCost);
        for (int i = 1; ; i++) {
            Thread.onSpinWait();
            if (arrival.arrived()) {
                record(true, Math.min(LONGEST_SAMPLE_NANOS, clock.getAsLong() - start));
                return ARRIVED;
            }
            if (i % HINTS_PER_LOOK == 0 && clock.getAsLong() - start > budget) {
                return SPUN;
            }
        }
    }

    /**
     * Reports a wait that parked, once the other side arrived.
     *
     * @param how what {@link #spin} returned
     * @param start when the wait began
     */
    void parked(int how, long start) {
        if (maxNanos == 0) {
            return;
        }
        long waited = Math.min(LONGEST_SAMPLE_NANOS, clock.getAsLong() - start);
        if (how == SPUN) {
            // The time spun bought nothing: count it twice, as the CPU it burnt and as time waited.
            record(true, waited + Math.min(maxNanos, parkCost));
        } else {
            record(false, waited);
        }
    }

    private void record(boolean spun, long waited) {
        boolean tried = trying;
        trying = false;
        int weight = tried ? TRY_WEIGHT : WAIT_WEIGHT;
        if (spun) {
            spinCost += (waited - spinCost) >> weight;
        } else {
            parkCost += (waited - parkCost) >> weight;
        }
        // A margin against flapping between two ways that cost about the same.
        boolean spinNow = spinning ? spinCost <= parkCost + (parkCost >> 2) : spinCost + (spinCost >> 2) < parkCost;
        if (spinNow != spinning) {
            spinning = spinNow;
            tryEvery = EXPLORE_EVERY;
            untilTry = tryEvery;
        } else if (tried && tryEvery < MAX_EXPLORE_EVERY) {
            tryEvery *= 2;
        }
    }

    /**
     * Whether the side spins before it parks now.
     *
     * @return true while spinning is the cheaper way
     */
    boolean isSpinning() {
        return spinning;
    }

    /**
     * How many waits pass between two tries of the way not chosen, for tests.
     *
     * @return the interval
     */
    int tryEvery() {
        return tryEvery;
    }

    /**
     * The running average of the waits that spun, for tests and diagnostics.
     *
     * @return nanoseconds
     */
    long spinCost() {
        return spinCost;
    }

    /**
     * The running average of the waits that parked at once, for tests and diagnostics.
     *
     * @return nanoseconds
     */
    long parkCost() {
        return parkCost;
    }
}
