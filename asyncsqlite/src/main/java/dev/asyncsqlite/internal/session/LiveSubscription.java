package dev.asyncsqlite.internal.session;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

/**
 * The life of a subscription to a connection's or pool's live queries, from subscription to its
 * end, shared by {@link Watch} and {@link ChangeFeed}: it refuses at once what cannot start,
 * joins its {@link LiveSource}, lets go of it at once when cancelled, and hears when the source
 * closes.
 */
abstract class LiveSubscription extends SerialSubscription implements LiveSource.Member {
    final LiveSource source;
    volatile boolean cancelled;
    volatile boolean sourceClosed;

    LiveSubscription(LiveSource source) {
        this.source = source;
    }

    /**
     * Hands the subscription to its subscriber and joins the source, or ends it at once.
     *
     * @param subscriber the subscriber
     * @param refused the error the subscription must end with, or null
     */
    final void start(Flow.Subscriber<?> subscriber, RuntimeException refused) {
        if (!handTo(subscriber)) {
            cancelled = true;
            return;
        }
        RuntimeException error = refused != null ? refused : source.unusable();
        if (error != null) {
            failure = error;
            drain();
            return;
        }
        joined(source.subscribed(this));
    }

    /**
     * Told of commits from now on.
     *
     * @param synced completes once every connection of the database tracks changes
     */
    abstract void joined(CompletableFuture<Void> synced);

    @Override
    public void cancel() {
        if (!cancelled) {
            cancelled = true;
            // Released at once, not when a drain running elsewhere gets to it.
            source.unsubscribed(this);
            stop();
            drain();
        }
    }

    /** On a cancel: stops at once what runs for the subscription. */
    void stop() {
    }

    @Override
    public void sourceClosed() {
        sourceClosed = true;
        drain();
    }

    /** Inside {@link #step()}: no more signals, and the source forgets the subscription. */
    final void end() {
        if (!terminated) {
            terminated = true;
            drop();
            source.unsubscribed(this);
        }
    }

    /** Inside {@link #step()}, at the end: lets go of what is held for the subscriber. */
    abstract void drop();
}
