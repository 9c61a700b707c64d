package dev.asyncsqlite.internal.session;

import dev.asyncsqlite.Change;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One subscription to {@code changes()}: the rows of each committed transaction, in commit
 * order, as far as the subscriber asks; up to {@link #LIMIT} rows wait for demand.
 *
 * <p>Threading: every signal is sent inside {@link #step()}, which one thread at a time runs
 * ({@link SerialSubscription}); the other fields are safe to touch from any thread.
 */
final class ChangeFeed extends LiveSubscription {
    /** How many changes may wait for the subscriber before the subscription fails. */
    static final int LIMIT = 100_000;

    private final Flow.Subscriber<? super Change> subscriber;
    private final ConcurrentLinkedQueue<List<Change>> arrived = new ConcurrentLinkedQueue<>();
    private final AtomicInteger waiting = new AtomicInteger();
    // Touched only inside step(): the transaction being handed over and the index of its next row.
    private List<Change> current = List.of();
    private int next;

    ChangeFeed(LiveSource source, Flow.Subscriber<? super Change> subscriber) {
        super(source);
        this.subscriber = subscriber;
    }

    @Override
    void joined(CompletableFuture<Void> tracked) {
        drain();
    }

    @Override
    public void committed(ChangeSet changes) {
        if (cancelled || changes.rows.isEmpty()) {
            return;
        }
        if (waiting.addAndGet(changes.rows.size()) > LIMIT) {
            failure = new IllegalStateException("the subscriber of changes() fell more than " + LIMIT
                    + " changes behind; request more, or faster");
        } else {
            arrived.add(changes.rows);
        }
        source.signal(this::drain);
    }

    @Override
    void step() {
        if (cancelled) {
            end();
            return;
        }
        while (requested.get() > 0 && failure == null && !cancelled && hasNext()) {
            Change change = current.get(next++);
            waiting.decrementAndGet();
            delivered();
            try {
                subscriber.onNext(change);
            } catch (Throwable t) {
                cancelled = true;
                end();
                return;
            }
        }
        Throwable error = failure;
        if (error != null) {
            end();
            signalError(subscriber, error);
        } else if (sourceClosed && !hasNext()) {
            end();
            signalComplete(subscriber);
        }
    }

    // Inside step(): whether a change is ready, moving on to the next transaction if need be.
    private boolean hasNext() {
        while (next == current.size()) {
            List<Change> rows = arrived.poll();
            if (rows == null) {
                return false;
            }
            current = rows;
            next = 0;
        }
        return true;
    }

    @Override
    void drop() {
        current = List.of();
        arrived.clear();
    }
}
