package dev.asyncsqlite;

/**
 * A scalar SQL function implemented in Java: the {@code func} of {@code create_function}.
 * See {@link Connection#createFunction(String, int, SqlFunction, boolean)}.
 *
 * <p>Runs on the connection's worker thread, inside the statement that calls it, so it must be
 * quick and must not block or use the connection.
 */
@FunctionalInterface
public interface SqlFunction {
    /**
     * Computes the function's value.
     *
     * @param args the arguments as SQLite values: {@link Long}, {@link Double}, {@link String},
     *     {@code byte[]} or {@code null}
     * @return the result: {@code null} or any type a parameter may have (the same adapters apply)
     * @throws Exception anything; the calling statement then fails with a {@link SqliteException}
     *     whose cause is this exception
     */
    Object apply(Object[] args) throws Exception;
}
