package dev.asyncsqlite.internal.worker;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Runs small periodic tasks, such as checking a watched database for commits by other processes,
 * on one shared daemon thread named {@code asyncsqlite.timer}. Tasks must only hand work over
 * (submit it to a worker) and return.
 *
 * <p>The thread exists only while a task is scheduled: once the last one is cancelled it ends
 * after {@link #IDLE}, so nothing scheduled costs no thread and no CPU, and the thread never keeps
 * the JVM alive.
 */
public final class Ticker {
    /** How long the thread outlives the last scheduled task. */
    static final Duration IDLE = Duration.ofSeconds(10);

    private static final ScheduledThreadPoolExecutor TIMER = timer();

    private Ticker() {
    }

    private static ScheduledThreadPoolExecutor timer() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, runnable -> {
            // Not "asyncsqlite-<n>", the name of connection threads, which users count to find leaks.
            Thread t = new Thread(runnable, "asyncsqlite.timer");
            t.setDaemon(true);
            return t;
        });
        timer.setKeepAliveTime(IDLE.toMillis(), TimeUnit.MILLISECONDS);
        timer.allowCoreThreadTimeOut(true);
        // A cancelled task leaves the queue at once, so an idle timer has an empty queue and no thread.
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }

    /**
     * How many tasks are scheduled: the seam for tests.
     *
     * @return the count
     */
    static int scheduled() {
        return TIMER.getQueue().size();
    }

    /** A scheduled task; {@link #cancel()} stops it. */
    public static final class Schedule {
        private final ScheduledFuture<?> future;

        private Schedule(ScheduledFuture<?> future) {
            this.future = future;
        }

        /** Stops the task; a run already started finishes. Idempotent. */
        public void cancel() {
            future.cancel(false);
        }
    }

    /**
     * Runs {@code task} every {@code period}, the first time one period from now. A task that
     * throws is logged and keeps its schedule.
     *
     * @param period a positive period
     * @param task the task, run on the timer thread
     * @return the schedule, to cancel
     */
    public static Schedule every(Duration period, Runnable task) {
        Objects.requireNonNull(task, "task must not be null");
        long nanos = period.toNanos();
        if (nanos <= 0) {
            throw new IllegalArgumentException("period must be positive: " + period);
        }
        return new Schedule(TIMER.scheduleWithFixedDelay(() -> {
            try {
                task.run();
            } catch (Throwable t) {
                // A periodic task that throws is never run again by the executor: keep it going.
                System.getLogger(Ticker.class.getName()).log(System.Logger.Level.WARNING, "a periodic task failed", t);
            }
        }, nanos, nanos, TimeUnit.NANOSECONDS));
    }
}
