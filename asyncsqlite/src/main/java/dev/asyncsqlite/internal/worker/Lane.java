package dev.asyncsqlite.internal.worker;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Supplier;

/**
 * A private queue that the worker serves exclusively while it is open: how a transaction gets
 * the connection to itself. Opened with {@link Worker#openLane()} and ended with {@link #end}
 * from work running on the worker; work submitted after the end fails with the lane's ended error.
 */
public final class Lane {
    private final Worker worker;
    // Any thread: multi-producer, consumed by the worker.
    final ConcurrentLinkedQueue<Operation<?>> queue = new ConcurrentLinkedQueue<>();
    // Any thread; set once by the worker.
    volatile boolean ended;
    // Written before ended is set.
    volatile Supplier<? extends RuntimeException> endedError;

    Lane(Worker worker) {
        this.worker = worker;
    }

    /**
     * Queues work on this lane.
     *
     * @param work the work
     * @param endedError the error if the lane has ended
     * @param <T> the result type
     * @return its operation
     */
    public <T> Operation<T> submit(Work<T> work, Supplier<? extends RuntimeException> endedError) {
        return worker.submitToLane(this, work, endedError);
    }

    /**
     * Ends the lane: the worker goes back to its main queue after the running work, and work
     * still queued here fails with {@code endedError}. Must be called on the worker thread.
     *
     * @param endedError the error for work submitted too late
     */
    public void end(Supplier<? extends RuntimeException> endedError) {
        if (!worker.isWorkerThread()) {
            throw new IllegalStateException("a lane can only be ended on the worker thread");
        }
        this.endedError = endedError;
        this.ended = true;
    }

    /**
     * Whether the lane has ended.
     *
     * @return true once ended
     */
    public boolean isEnded() {
        return ended;
    }
}
