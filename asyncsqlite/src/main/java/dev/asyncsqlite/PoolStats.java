package dev.asyncsqlite;

import java.time.Duration;

/**
 * A snapshot of a {@link Pool}'s counters.
 *
 * @param readers the number of reader connections (0 for a single-connection pool)
 * @param readersBusy readers running pool work now
 * @param readsWaiting reads queued for a free reader
 * @param writesInFlight writes queued or running on the writer
 * @param reads reads started on a reader since the pool opened
 * @param writes writes started on the writer since the pool opened
 * @param rejected operations refused because a queue was full
 * @param timedOut reads that found no free reader in time
 * @param readersReplaced reader connections reopened after they died
 * @param totalReadWait time reads spent waiting for a reader, summed
 * @param maxReadWait the longest any read waited for a reader
 */
public record PoolStats(int readers, int readersBusy, int readsWaiting, int writesInFlight, long reads, long writes,
                        long rejected, long timedOut, long readersReplaced, Duration totalReadWait,
                        Duration maxReadWait) {
}
