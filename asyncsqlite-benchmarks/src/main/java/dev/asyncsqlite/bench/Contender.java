package dev.asyncsqlite.bench;

import java.nio.file.Path;

/** One way of running a workload, timed from a fresh database directory. */
@FunctionalInterface
interface Contender {
    /**
     * Runs the workload once.
     *
     * @param dir a fresh directory for files this run writes
     * @return the measurement
     * @throws Exception anything; the runner then fails
     */
    Measurement run(Path dir) throws Exception;
}
