package dev.asyncsqlite;

/**
 * Turns a {@link Row} into a value of the caller's choosing: the {@code row_factory} of Python's
 * {@code sqlite3}.
 *
 * <p>Mappers run on the connection's worker thread while rows are read, so they must be quick
 * and must not block.
 *
 * @param <T> the type produced
 */
@FunctionalInterface
public interface RowMapper<T> {
    /**
     * Maps one row.
     *
     * @param row the row, valid after the call returns (rows are immutable)
     * @return the mapped value; may be {@code null}
     * @throws Exception anything; the operation that read the row then fails with it
     */
    T map(Row row) throws Exception;
}
