package dev.asyncsqlite.bench;

/**
 * One timed run of one contender.
 *
 * @param operations the operations timed
 * @param nanos how long they took
 * @param checksum what they produced
 * @param note something else worth reporting, or {@code ""}
 */
record Measurement(long operations, long nanos, Checksum checksum, String note) {
    Measurement(long operations, long nanos, Checksum checksum) {
        this(operations, nanos, checksum, "");
    }

    double opsPerSecond() {
        return operations * 1e9 / nanos;
    }
}
