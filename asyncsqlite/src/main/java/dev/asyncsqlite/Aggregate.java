package dev.asyncsqlite;

/**
 * The state of an aggregate SQL function for one group: the aggregate class of
 * {@code create_aggregate}. A new instance is made for every group, at its first row. Over no
 * rows at all (an aggregate without {@code GROUP BY} whose {@code WHERE} matches nothing) no
 * instance is made and the result is SQL {@code NULL}, as in {@code sqlite3}. See
 * {@link Connection#createAggregate(String, int, java.util.function.Supplier)}.
 *
 * <p>Runs on the connection's worker thread and must not block.
 */
public interface Aggregate {
    /**
     * Adds one row's arguments.
     *
     * @param args the arguments as SQLite values
     * @throws Exception anything; the statement then fails with it as the cause
     */
    void step(Object[] args) throws Exception;

    /**
     * The aggregate's result once every row was added.
     *
     * @return the result, converted like a parameter
     * @throws Exception anything; the statement then fails with it as the cause
     */
    Object finish() throws Exception;
}
