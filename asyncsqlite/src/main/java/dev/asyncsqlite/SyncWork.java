package dev.asyncsqlite;

/**
 * Work run on a connection's worker thread with a synchronous view of the connection: the
 * {@code _execute} escape hatch of aiosqlite. See {@link SqlOperations#call(SyncWork)}.
 *
 * @param <T> the result type
 */
@FunctionalInterface
public interface SyncWork<T> {
    /**
     * Does the work.
     *
     * @param connection a synchronous view of the connection, valid only until this method returns
     * @return the result that completes the future returned by {@code call}; may be {@code null}
     * @throws Exception anything; the future then completes exceptionally with it
     */
    T run(SyncConnection connection) throws Exception;
}
