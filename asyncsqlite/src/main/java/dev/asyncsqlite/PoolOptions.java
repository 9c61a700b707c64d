package dev.asyncsqlite;

import java.time.Duration;
import java.util.Objects;

/**
 * How to open a {@link Pool}: the connection options every connection starts from, the number of
 * readers and the bounds on waiting. Immutable; built with {@link #builder(String)}.
 */
public final class PoolOptions {
    private final ConnectOptions connectOptions;
    private final int readers;
    private final Duration acquireTimeout;
    private final int maxQueuedReads;
    private final int maxQueuedWrites;

    private PoolOptions(Builder b) {
        this.connectOptions = b.connectOptions;
        this.readers = b.readers;
        this.acquireTimeout = b.acquireTimeout;
        this.maxQueuedReads = b.maxQueuedReads;
        this.maxQueuedWrites = b.maxQueuedWrites;
    }

    /**
     * Starts options for a database file with default connection options.
     *
     * @param database a file path or a {@code file:} URI
     * @return a builder
     */
    public static Builder builder(String database) {
        return new Builder(ConnectOptions.of(database));
    }

    /**
     * Starts options from connection options. The pool adds {@code journal_mode=WAL} (for a
     * file database), opens readers with {@code query_only=ON}, and runs every connection in
     * autocommit mode; everything else (busy timeout, pragmas, adapters, completion executor...)
     * applies to every connection as given.
     *
     * @param connectOptions the base options
     * @return a builder
     */
    public static Builder builder(ConnectOptions connectOptions) {
        return new Builder(Objects.requireNonNull(connectOptions, "connectOptions must not be null"));
    }

    /**
     * The options every connection starts from.
     *
     * @return the connection options
     */
    public ConnectOptions connectOptions() {
        return connectOptions;
    }

    /**
     * The number of reader connections. Default: the number of available processors, at least 2.
     *
     * @return the reader count
     */
    public int readers() {
        return readers;
    }

    /**
     * How long a read may wait for a free reader before failing with {@link BusyException}.
     * Default: 30 seconds.
     *
     * @return the timeout
     */
    public Duration acquireTimeout() {
        return acquireTimeout;
    }

    /**
     * How many reads may wait for a reader before further reads are refused. Default: 10,000.
     *
     * @return the limit
     */
    public int maxQueuedReads() {
        return maxQueuedReads;
    }

    /**
     * How many writes may be queued or running on the writer before further writes are refused.
     * Default: 10,000.
     *
     * @return the limit
     */
    public int maxQueuedWrites() {
        return maxQueuedWrites;
    }

    @Override
    public String toString() {
        return "PoolOptions{readers=" + readers + ", acquireTimeout=" + acquireTimeout + ", maxQueuedReads=" + maxQueuedReads
                + ", maxQueuedWrites=" + maxQueuedWrites + ", connectOptions=" + connectOptions + '}';
    }

    /** Builds {@link PoolOptions}; every setter checks its argument at once. */
    public static final class Builder {
        private ConnectOptions connectOptions;
        private int readers = Math.max(2, Runtime.getRuntime().availableProcessors());
        private Duration acquireTimeout = Duration.ofSeconds(30);
        private int maxQueuedReads = 10_000;
        private int maxQueuedWrites = 10_000;

        private Builder(ConnectOptions connectOptions) {
            this.connectOptions = connectOptions;
        }

        /**
         * Replaces the base connection options.
         *
         * @param connectOptions the options
         * @return this builder
         */
        public Builder connectOptions(ConnectOptions connectOptions) {
            this.connectOptions = Objects.requireNonNull(connectOptions, "connectOptions must not be null");
            return this;
        }

        /**
         * Sets the number of readers. Default: available processors, at least 2.
         *
         * @param readers 1 to 64
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder readers(int readers) {
            if (readers < 1 || readers > 64) {
                throw new IllegalArgumentException("readers must be between 1 and 64: " + readers);
            }
            this.readers = readers;
            return this;
        }

        /**
         * Sets how long a read waits for a reader. Default: 30 seconds.
         *
         * @param acquireTimeout a positive duration
         * @return this builder
         * @throws IllegalArgumentException if zero or negative
         */
        public Builder acquireTimeout(Duration acquireTimeout) {
            Objects.requireNonNull(acquireTimeout, "acquireTimeout must not be null");
            if (acquireTimeout.isZero() || acquireTimeout.isNegative()) {
                throw new IllegalArgumentException("acquireTimeout must be positive: " + acquireTimeout);
            }
            this.acquireTimeout = acquireTimeout;
            return this;
        }

        /**
         * Sets how many reads may wait. Default: 10,000.
         *
         * @param maxQueuedReads zero or more
         * @return this builder
         * @throws IllegalArgumentException if negative
         */
        public Builder maxQueuedReads(int maxQueuedReads) {
            if (maxQueuedReads < 0) {
                throw new IllegalArgumentException("maxQueuedReads must not be negative: " + maxQueuedReads);
            }
            this.maxQueuedReads = maxQueuedReads;
            return this;
        }

        /**
         * Sets how many writes may be queued or running. Default: 10,000.
         *
         * @param maxQueuedWrites at least 1
         * @return this builder
         * @throws IllegalArgumentException if less than 1
         */
        public Builder maxQueuedWrites(int maxQueuedWrites) {
            if (maxQueuedWrites < 1) {
                throw new IllegalArgumentException("maxQueuedWrites must be at least 1: " + maxQueuedWrites);
            }
            this.maxQueuedWrites = maxQueuedWrites;
            return this;
        }

        /**
         * Builds the options.
         *
         * @return the options
         */
        public PoolOptions build() {
            return new PoolOptions(this);
        }
    }
}
