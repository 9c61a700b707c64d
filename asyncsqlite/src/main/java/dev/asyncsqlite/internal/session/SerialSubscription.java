package dev.asyncsqlite.internal.session;

import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The part of a live subscription that keeps the Reactive Streams rules: demand added up to
 * {@code Long.MAX_VALUE} (rule 3.17), a request that is not positive ends it with
 * {@link IllegalArgumentException} (rule 3.9), and every signal is sent from {@link #step()},
 * which {@link #drain()} runs on one thread at a time (rule 1.3), from whichever thread has
 * something new to say; a thread that finds another draining leaves the work to it.
 */
abstract class SerialSubscription implements Flow.Subscription {
    /** The results or changes the subscriber has asked for and not yet received. */
    final AtomicLong requested = new AtomicLong();
    private final AtomicInteger wip = new AtomicInteger();
    /** What the subscription ends with at its next step: a failure, or a broken rule. */
    volatile Throwable failure;
    /** Touched only inside {@link #step()}: no signal follows. */
    boolean terminated;

    @Override
    public void request(long n) {
        if (n <= 0) {
            failure = new IllegalArgumentException("Reactive Streams rule 3.9: request must be positive, was " + n);
        } else {
            requested.accumulateAndGet(n, (a, b) -> a + b < 0 ? Long.MAX_VALUE : a + b);
        }
        drain();
    }

    /** Runs {@link #step()} until nothing new came in meanwhile, unless another thread does. */
    final void drain() {
        if (wip.getAndIncrement() != 0) {
            return;
        }
        int missed = 1;
        do {
            if (!terminated) {
                step();
            }
            missed = wip.addAndGet(-missed);
        } while (missed != 0);
    }

    /** Looks at what is new and sends what the rules allow. One thread at a time. */
    abstract void step();

    /**
     * Hands this subscription to its subscriber.
     *
     * @param subscriber the subscriber
     * @return false if {@code onSubscribe} threw, which rule 2.13 lets us treat as a cancel
     */
    final boolean handTo(Flow.Subscriber<?> subscriber) {
        try {
            subscriber.onSubscribe(this);
            return true;
        } catch (Throwable t) {
            return false;
        }
    }

    /** Ends with an error; a subscriber that throws from {@code onError} is left alone (rule 2.13). */
    static void signalError(Flow.Subscriber<?> subscriber, Throwable error) {
        try {
            subscriber.onError(error);
        } catch (Throwable ignored) {
            // Rule 2.13: nothing more to tell it.
        }
    }

    /** Ends normally; a subscriber that throws from {@code onComplete} is left alone (rule 2.13). */
    static void signalComplete(Flow.Subscriber<?> subscriber) {
        try {
            subscriber.onComplete();
        } catch (Throwable ignored) {
            // Rule 2.13: nothing more to tell it.
        }
    }

    /** Counts one element delivered against the demand. */
    final void delivered() {
        if (requested.get() != Long.MAX_VALUE) {
            requested.decrementAndGet();
        }
    }
}
