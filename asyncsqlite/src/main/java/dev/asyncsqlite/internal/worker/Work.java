package dev.asyncsqlite.internal.worker;

/**
 * A unit of work run on a worker thread.
 *
 * @param <T> the result type
 */
@FunctionalInterface
public interface Work<T> {
    /**
     * Runs on the worker thread.
     *
     * @return the result
     * @throws Exception anything; the operation's future fails with it
     */
    T run() throws Exception;
}
