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

    /**
     * A mapper that builds records from rows: each record component takes the column of the same
     * name, ignoring ASCII case and underscores ({@code created_at} fills {@code createdAt}), converted
     * as {@link Row#get(String, Class)} converts. SQL {@code NULL} cannot fill a primitive
     * component.
     *
     * @param type the record class; its canonical constructor must be accessible to this module
     * @param <R> the record type
     * @return the mapper; it fails with {@link IllegalArgumentException} naming the component
     *     when a row has no matching column or a value does not fit
     */
    static <R extends Record> RowMapper<R> of(Class<R> type) {
        return dev.asyncsqlite.internal.session.RecordMapper.of(type);
    }
}
