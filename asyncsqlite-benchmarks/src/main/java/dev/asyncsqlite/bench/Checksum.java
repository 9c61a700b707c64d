package dev.asyncsqlite.bench;

/**
 * What a contender produced, so a fast wrong answer cannot win: a count and sums over the data.
 *
 * @param count rows read or written
 * @param sum a sum over the values
 */
record Checksum(long count, long sum) {
    Checksum plus(Checksum other) {
        return new Checksum(count + other.count, sum + other.sum);
    }
}
