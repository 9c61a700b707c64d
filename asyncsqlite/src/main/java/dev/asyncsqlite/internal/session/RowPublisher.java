package dev.asyncsqlite.internal.session;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A {@link ChunkSource} (the rows of a cursor, the lines of a dump) as a {@link Flow.Publisher}:
 * reads a chunk per hop only when there is demand, and signals one subscriber serially.
 *
 * @param <T> the element type
 */
final class RowPublisher<T> implements Flow.Publisher<T> {
    private final ChunkSource<T> cursor;
    private final int chunk;
    private final AtomicBoolean subscribed = new AtomicBoolean();

    RowPublisher(ChunkSource<T> cursor, int chunk) {
        this.cursor = cursor;
        this.chunk = chunk;
    }

    @Override
    public void subscribe(Flow.Subscriber<? super T> subscriber) {
        Objects.requireNonNull(subscriber, "subscriber must not be null");
        if (!subscribed.compareAndSet(false, true)) {
            subscriber.onSubscribe(new Flow.Subscription() {
                @Override
                public void request(long n) {
                }

                @Override
                public void cancel() {
                }
            });
            subscriber.onError(new IllegalStateException("the rows of a cursor can be consumed by one subscriber only"));
            return;
        }
        new RowSubscription(subscriber).start();
    }

    /**
     * Threading: every signal is sent inside {@link #step()}, which one thread at a time runs
     * ({@link SerialSubscription}); the other fields are safe to touch from any thread.
     */
    private final class RowSubscription extends SerialSubscription {
        private final Flow.Subscriber<? super T> subscriber;
        // Chunks handed over by fetches; only step() takes them, one at a time.
        private final ConcurrentLinkedQueue<List<T>> arrived = new ConcurrentLinkedQueue<>();
        // Touched only inside step(): the chunk being sent, and the index of its next row.
        private List<T> current = List.of();
        private int next;
        private volatile boolean fetching;
        // The read in progress, cancelled (and so interrupted on the worker) by cancel().
        private volatile CompletableFuture<List<T>> inFlight;
        private volatile boolean exhausted;
        private volatile boolean cancelled;

        RowSubscription(Flow.Subscriber<? super T> subscriber) {
            this.subscriber = subscriber;
        }

        void start() {
            try {
                subscriber.onSubscribe(this);
            } catch (Throwable t) {
                cancel();
                return;
            }
            RuntimeException refused = cursor.unusable();
            if (refused != null) {
                failure = refused;
            }
            drain();
        }

        @Override
        public void cancel() {
            if (!cancelled) {
                cancelled = true;
                CompletableFuture<List<T>> reading = inFlight;
                if (reading != null) {
                    reading.cancel(true);
                }
                cursor.closeAsync();
                drain();
            }
        }

        @Override
        void step() {
            if (cancelled) {
                terminated = true;
                current = List.of();
                arrived.clear();
                return;
            }
            long wanted = requested.get();
            long sent = 0;
            while (sent < wanted && !cancelled && failure == null && hasRow()) {
                T row = current.get(next++);
                try {
                    subscriber.onNext(row);
                } catch (Throwable t) {
                    brokeTheRules();
                    return;
                }
                sent++;
            }
            if (sent > 0 && wanted != Long.MAX_VALUE) {
                requested.addAndGet(-sent);
            }
            if (cancelled) {
                return;
            }
            Throwable error = failure;
            if (error != null) {
                terminated = true;
                current = List.of();
                cursor.closeAsync();
                try {
                    subscriber.onError(error);
                } catch (Throwable t) {
                    brokeTheRules();
                }
                return;
            }
            if (!hasRow() && exhausted) {
                terminated = true;
                try {
                    subscriber.onComplete();
                } catch (Throwable t) {
                    brokeTheRules();
                }
                return;
            }
            long demand = requested.get();
            if (!hasRow() && !fetching && demand > 0) {
                fetching = true;
                int max = (int) Math.min(chunk, demand);
                CompletableFuture<List<T>> reading = cursor.fetchMany(max);
                inFlight = reading;
                reading.whenComplete((rows, thrown) -> fetched(max, rows, thrown));
            }
        }

        // Inside step(): whether a row is ready to send, moving on to the next chunk if need be.
        private boolean hasRow() {
            while (next == current.size()) {
                List<T> chunk = arrived.poll();
                if (chunk == null) {
                    return false;
                }
                current = chunk;
                next = 0;
            }
            return true;
        }

        private void fetched(int asked, List<T> rows, Throwable failure) {
            inFlight = null;
            if (failure != null) {
                this.failure = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            } else {
                arrived.add(rows);
                if (rows.size() < asked) {
                    exhausted = true;
                }
            }
            fetching = false;
            drain();
        }

        // A subscriber that throws breaks rule 2.13; treat it as a cancellation.
        private void brokeTheRules() {
            terminated = true;
            cancelled = true;
            cursor.closeAsync();
        }
    }
}
