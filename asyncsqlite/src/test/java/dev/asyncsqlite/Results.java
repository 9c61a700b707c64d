package dev.asyncsqlite;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A subscriber that keeps what it receives for a test to take, with bounded waits: the first
 * request is the test's to make, unless it is built with one.
 *
 * @param <T> the element type
 */
final class Results<T> implements Flow.Subscriber<T> {
    static final long WAIT_SECONDS = 30;

    private final LinkedBlockingQueue<T> items = new LinkedBlockingQueue<>();
    private final long initialRequest;
    final CompletableFuture<Flow.Subscription> subscription = new CompletableFuture<>();
    final CompletableFuture<Void> completed = new CompletableFuture<>();

    private Results(long initialRequest) {
        this.initialRequest = initialRequest;
    }

    /** Asks for everything at once. */
    static <T> Results<T> unbounded() {
        return new Results<>(Long.MAX_VALUE);
    }

    /** Asks for nothing until the test does. */
    static <T> Results<T> onDemand() {
        return new Results<>(0);
    }

    /** Subscribes a new unbounded subscriber to a publisher. */
    static <T> Results<T> of(Flow.Publisher<T> publisher) {
        Results<T> results = unbounded();
        publisher.subscribe(results);
        return results;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription.complete(s);
        if (initialRequest > 0) {
            s.request(initialRequest);
        }
    }

    @Override
    public void onNext(T item) {
        items.add(item);
    }

    @Override
    public void onError(Throwable throwable) {
        completed.completeExceptionally(throwable);
    }

    @Override
    public void onComplete() {
        completed.complete(null);
    }

    /** The next item, waiting for it; fails the test if none comes. */
    T next() throws Exception {
        T item = items.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        assertThat(item).as("an item within " + WAIT_SECONDS + " s (completed: " + completed + ")").isNotNull();
        return item;
    }

    /** Whether an item has arrived that was not taken. */
    boolean hasMore() {
        return !items.isEmpty();
    }

    void request(long n) throws Exception {
        subscription.get(WAIT_SECONDS, TimeUnit.SECONDS).request(n);
    }

    void cancel() throws Exception {
        subscription.get(WAIT_SECONDS, TimeUnit.SECONDS).cancel();
    }

    /** Waits for the end: the error it failed with, or null if it completed. */
    Throwable end() throws Exception {
        try {
            completed.get(WAIT_SECONDS, TimeUnit.SECONDS);
            return null;
        } catch (java.util.concurrent.ExecutionException e) {
            return e.getCause();
        }
    }
}
