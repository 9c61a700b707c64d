package dev.asyncsqlite.internal.worker;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A future that belongs to one worker: waiting on it from that worker's own thread would
 * deadlock, so it throws instead; waiting from elsewhere spins briefly before parking while that
 * pays, because most operations finish within microseconds (see {@link AdaptiveSpin}). Futures
 * derived from it ({@code thenApply}, ...) are of this type too.
 *
 * @param <T> the result type
 */
public class WorkerFuture<T> extends CompletableFuture<T> {
    final Worker owner;

    WorkerFuture(Worker owner) {
        this.owner = owner;
    }

    @Override
    public <U> CompletableFuture<U> newIncompleteFuture() {
        return new WorkerFuture<>(owner);
    }

    @Override
    public T join() {
        if (!isDone() && !awaitBriefly()) {
            owner.joinerParks();
            try {
                return super.join();
            } finally {
                owner.joinerWoke();
            }
        }
        return super.join();
    }

    @Override
    public T get() throws InterruptedException, ExecutionException {
        if (!isDone() && !awaitBriefly()) {
            owner.joinerParks();
            try {
                return super.get();
            } finally {
                owner.joinerWoke();
            }
        }
        return super.get();
    }

    @Override
    public T get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
        if (!isDone() && !awaitBriefly()) {
            owner.joinerParks();
            try {
                return super.get(timeout, unit);
            } finally {
                owner.joinerWoke();
            }
        }
        return super.get(timeout, unit);
    }

    // True if the future is done after the spin; false if the caller must park.
    private boolean awaitBriefly() {
        if (Thread.currentThread() == owner.thread()) {
            throw new IllegalStateException("Blocking on a future of connection " + owner.name()
                    + " from its own worker thread would deadlock: chain with thenCompose/thenApply instead,"
                    + " or use call(...) for synchronous work");
        }
        owner.spinUntilDone(this);
        return isDone();
    }
}
