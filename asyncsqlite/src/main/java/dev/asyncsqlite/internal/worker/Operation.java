package dev.asyncsqlite.internal.worker;

import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.locks.LockSupport;

/**
 * A queued piece of work and the future of its result.
 *
 * <p>Cancellation is decided in one place so that a cancelled write never has an effect:
 * <ul>
 *   <li>a queued operation that is cancelled (by {@code cancel}, or by
 *       {@code completeExceptionally} as {@code orTimeout} does) is skipped by the worker;</li>
 *   <li>for a running one, the canceller asks the worker to interrupt SQLite and waits (at most
 *       {@link #DECISION_WAIT_NANOS}) for the worker to finish it: if the work failed, the future
 *       completes with the cancellation and {@code cancel} returns true; if the work had already
 *       succeeded, the future keeps its result and {@code cancel} returns false, exactly as for an
 *       operation that completed before the cancel.</li>
 * </ul>
 * Only if the worker does not answer in time (user code that ignores interrupts), or the
 * canceller is the worker itself, is the future cancelled without waiting; the work's effect, if
 * any, then stands. The worker completes the future through {@link #succeed}/{@link #fail}.
 *
 * @param <T> the result type
 */
public final class Operation<T> extends WorkerFuture<T> {
    /** How long a canceller waits for the worker to decide the fate of a running operation. */
    static final long DECISION_WAIT_NANOS = TimeUnit.SECONDS.toNanos(5);

    static final int QUEUED = 0;
    static final int RUNNING = 1;
    static final int FINISHED = 2;
    static final int CANCELLED = 3;

    private static final AtomicIntegerFieldUpdater<Operation> STATE =
            AtomicIntegerFieldUpdater.newUpdater(Operation.class, "state");

    // Any thread; moves QUEUED -> RUNNING -> FINISHED on the worker, or QUEUED -> CANCELLED.
    private volatile int state;
    // Any thread: the outcome a canceller asked for while the work ran, read by the worker.
    private volatile Throwable cancelRequest;
    // The thread waiting for the worker's decision, unparked once FINISHED.
    private volatile Thread decisionWaiter;
    // Written before queueing, read by the worker; cleared once run so nothing holds on to it.
    Work<T> work;

    Operation(Worker owner, Work<T> work) {
        super(owner);
        this.work = work;
    }

    boolean start() {
        return STATE.compareAndSet(this, QUEUED, RUNNING);
    }

    void finish() {
        state = FINISHED;
        Thread waiter = decisionWaiter;
        if (waiter != null) {
            LockSupport.unpark(waiter);
        }
    }

    Throwable cancelRequest() {
        return cancelRequest;
    }

    boolean succeed(T value) {
        return super.complete(value);
    }

    boolean fail(Throwable error) {
        return super.completeExceptionally(error);
    }

    // The worker applies the canceller's outcome to work that failed while a cancel was pending.
    void applyCancel(Throwable request) {
        if (request instanceof CancellationException) {
            super.cancel(true);
        } else {
            super.completeExceptionally(request);
        }
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        if (isDone()) {
            return false;
        }
        if (STATE.compareAndSet(this, QUEUED, CANCELLED)) {
            return super.cancel(mayInterruptIfRunning);
        }
        if (state == RUNNING && mayInterruptIfRunning && decide(new CancellationException("cancelled while running"))) {
            return isCancelled();
        }
        return super.cancel(mayInterruptIfRunning);
    }

    @Override
    public boolean completeExceptionally(Throwable ex) {
        if (isDone()) {
            return false;
        }
        if (STATE.compareAndSet(this, QUEUED, CANCELLED)) {
            return super.completeExceptionally(ex);
        }
        if (state == RUNNING && decide(ex)) {
            return isCompletedExceptionally();
        }
        return super.completeExceptionally(ex);
    }

    @Override
    public boolean complete(T value) {
        boolean completed = super.complete(value);
        if (completed && !STATE.compareAndSet(this, QUEUED, CANCELLED) && state == RUNNING) {
            owner.interruptIfRunning(this);
        }
        return completed;
    }

    /**
     * Asks the worker to stop the running work and waits for its decision.
     *
     * @return true if the worker decided in time (the future is then complete); false if the
     *     caller must complete the future itself
     */
    private boolean decide(Throwable request) {
        if (owner.isWorkerThread()) {
            owner.interruptIfRunning(this);
            return false;
        }
        cancelRequest = request;
        decisionWaiter = Thread.currentThread();
        long deadline = System.nanoTime() + DECISION_WAIT_NANOS;
        boolean interrupted = false;
        while (state != FINISHED || !isDone()) {
            // SQLite clears a pending interrupt when a statement starts with none active, so one
            // that lands between statements is lost: repeat it until the work is over.
            owner.interruptIfRunning(this);
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            LockSupport.parkNanos(this, Math.min(left, TimeUnit.MILLISECONDS.toNanos(1)));
            if (Thread.interrupted()) {
                interrupted = true;
            }
        }
        decisionWaiter = null;
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return isDone();
    }
}
