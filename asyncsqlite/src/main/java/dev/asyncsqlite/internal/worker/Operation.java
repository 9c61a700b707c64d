package dev.asyncsqlite.internal.worker;

import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * A queued piece of work and the future of its result.
 *
 * <p>Whoever completes the future from outside the worker (by {@code cancel}, by
 * {@code completeExceptionally} as {@code orTimeout} does, or by {@code complete}) cancels the
 * work: a queued operation is then skipped, a running one is interrupted. The worker completes
 * the future through {@link #succeed}/{@link #fail}, which do not count as cancellation.
 *
 * @param <T> the result type
 */
public final class Operation<T> extends WorkerFuture<T> {
    static final int QUEUED = 0;
    static final int RUNNING = 1;
    static final int FINISHED = 2;
    static final int CANCELLED = 3;

    private static final AtomicIntegerFieldUpdater<Operation> STATE =
            AtomicIntegerFieldUpdater.newUpdater(Operation.class, "state");

    // Any thread; moves QUEUED -> RUNNING -> FINISHED on the worker, or QUEUED -> CANCELLED.
    private volatile int state;
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
    }

    boolean succeed(T value) {
        return super.complete(value);
    }

    boolean fail(Throwable error) {
        return super.completeExceptionally(error);
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        boolean cancelled = super.cancel(mayInterruptIfRunning);
        if (cancelled) {
            abandon();
        }
        return cancelled;
    }

    @Override
    public boolean completeExceptionally(Throwable ex) {
        boolean completed = super.completeExceptionally(ex);
        if (completed) {
            abandon();
        }
        return completed;
    }

    @Override
    public boolean complete(T value) {
        boolean completed = super.complete(value);
        if (completed) {
            abandon();
        }
        return completed;
    }

    private void abandon() {
        if (!STATE.compareAndSet(this, QUEUED, CANCELLED) && state == RUNNING) {
            owner.interruptIfRunning(this);
        }
    }
}
