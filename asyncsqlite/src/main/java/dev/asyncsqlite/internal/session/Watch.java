package dev.asyncsqlite.internal.session;

import dev.asyncsqlite.ConnectionClosedException;
import dev.asyncsqlite.RowMapper;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One subscription to a watched query: runs the query, then again whenever a committed change
 * concerns the tables SQLite says it reads, and emits the results.
 *
 * <p>The state machine: {@code dirty} collects what commits asked for ({@link ChangeSet#RUN},
 * {@link ChangeSet#RUN_IF_DIFFERENT}, {@link ChangeSet#RELOAD_TABLES}) since the last run
 * started. A run starts only when none is in flight, every connection of the database tracks
 * changes ({@code synced}), the subscriber has asked for a result and nothing is held; it takes
 * and clears {@code dirty}, so any number of commits during a run cause exactly one more run. A
 * result that arrives with demand is emitted at once (unless a run that only had to check finds
 * the result unchanged); without demand it is held, and dropped for a new run if {@code dirty}
 * is set again before the subscriber asks.
 *
 * <p>Threading: every signal is sent inside {@link #step()}, which one thread at a time runs
 * ({@link SerialSubscription}); the fields it alone touches are marked so, the others are safe to
 * touch from any thread.
 *
 * @param <T> the element type of the results
 */
final class Watch<T> extends LiveSubscription {
    private final SqlText text;
    private final Object[] values;
    private final RowMapper<T> mapper;
    private final Flow.Subscriber<? super List<T>> subscriber;
    private final AtomicInteger dirty = new AtomicInteger(ChangeSet.RUN | ChangeSet.RELOAD_TABLES);
    // What the run in flight produced: a Result or a Throwable, taken by step().
    private final AtomicReference<Object> arrived = new AtomicReference<>();
    // The tables the query reads; null until the first run asked SQLite.
    private volatile TableSet reads;
    private volatile boolean synced;
    private volatile CompletableFuture<?> inFlight;
    // Touched only inside step().
    private boolean running;
    private Result<T> held;
    private List<T> last;

    /** A run's rows (null when it found the connection inside a transaction) and what asked for it. */
    private record Result<T>(List<T> rows, int flags) {
    }

    Watch(LiveSource source, SqlText text, Object[] values, RowMapper<T> mapper, Flow.Subscriber<? super List<T>> subscriber) {
        super(source);
        this.text = text;
        this.values = values;
        this.mapper = mapper;
        this.subscriber = subscriber;
    }

    @Override
    void joined(CompletableFuture<Void> tracked) {
        tracked.whenComplete((ignored, e) -> {
            synced = true;
            drain();
        });
    }

    @Override
    void stop() {
        CompletableFuture<?> running = inFlight;
        if (running != null) {
            running.cancel(true);
        }
    }

    @Override
    public void committed(ChangeSet changes) {
        if (cancelled) {
            return;
        }
        int flags = changes.concern(reads);
        if (flags != 0) {
            dirty.getAndUpdate(d -> d | flags);
            source.signal(this::drain);
        }
    }

    @Override
    void step() {
        if (cancelled) {
            end();
            return;
        }
        Object outcome = arrived.getAndSet(null);
        if (outcome != null) {
            running = false;
            arrivedOutcome(outcome);
        }
        Throwable error = failure;
        if (error != null) {
            end();
            signalError(subscriber, error);
            return;
        }
        if (held != null) {
            if (dirty.get() != 0 && !sourceClosed) {
                // Data changed again before the subscriber asked: run again rather than hand over
                // a stale result.
                int flags = held.flags & ChangeSet.RUN;
                dirty.getAndUpdate(d -> d | flags);
                held = null;
            } else if (requested.get() > 0) {
                Result<T> r = held;
                held = null;
                emit(r);
            }
        }
        if (terminated) {
            return;
        }
        if (sourceClosed) {
            if (!running && held == null) {
                end();
                signalComplete(subscriber);
            }
            return;
        }
        if (!running && synced && held == null && requested.get() > 0 && dirty.get() != 0) {
            running = true;
            run(dirty.getAndSet(0));
        }
    }

    private void arrivedOutcome(Object outcome) {
        if (outcome instanceof Throwable) {
            Throwable t = outcome instanceof CompletionException && ((Throwable) outcome).getCause() != null
                    ? ((Throwable) outcome).getCause() : (Throwable) outcome;
            // A run that found the connection or pool closed ends the watch as its closing does;
            // a pool's reader that closed under it, while the pool goes on, is a failure.
            if (sourceClosed || t instanceof ConnectionClosedException && source.unusable() != null) {
                sourceClosed = true;
            } else if (!(t instanceof CancellationException && cancelled)) {
                failure = t;
            }
            return;
        }
        @SuppressWarnings("unchecked")
        Result<T> r = (Result<T>) outcome;
        if (r.rows == null) {
            // The connection was inside a transaction: the run comes again once it ends.
            return;
        }
        if (requested.get() > 0) {
            emit(r);
        } else {
            held = r;
        }
    }

    private void emit(Result<T> r) {
        if ((r.flags & ChangeSet.RUN) == 0 && r.rows.equals(last)) {
            return;
        }
        last = r.rows;
        delivered();
        try {
            subscriber.onNext(r.rows);
        } catch (Throwable t) {
            // Rule 2.13: a subscriber that throws is treated as cancelled.
            cancelled = true;
            end();
        }
    }

    private void run(int flags) {
        boolean reload = (flags & ChangeSet.RELOAD_TABLES) != 0 || reads == null;
        CompletableFuture<Result<T>> running;
        try {
            running = source.query(session -> {
                if (source.queriesMayMeetTransactions() && session.inTransaction()) {
                    // A run inside the user's transaction would read what is not committed.
                    session.tracker().afterTransaction(() -> {
                        dirty.getAndUpdate(d -> d | flags);
                        source.signal(this::drain);
                    });
                    return new Result<>(null, flags);
                }
                if (reload) {
                    reads = session.tablesRead(text);
                }
                return new Result<>(session.all(text, values, mapper), flags);
            });
        } catch (RuntimeException e) {
            running = CompletableFuture.failedFuture(e);
        }
        inFlight = running;
        running.whenComplete((result, error) -> {
            arrived.set(error != null ? error : result);
            drain();
        });
    }

    @Override
    void drop() {
        held = null;
    }
}
