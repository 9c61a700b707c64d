package dev.asyncsqlite;

/**
 * An aggregate that can also serve as a window function: the window class of
 * {@code create_window_function}. A new instance is made for every partition, at its first row;
 * a frame that no row ever entered has the value SQL {@code NULL}, as SQLite's own aggregates
 * give. See {@link Connection#createWindowFunction(String, int, java.util.function.Supplier)}.
 */
public interface WindowAggregate extends Aggregate {
    /**
     * Removes one row's arguments that left the window.
     *
     * @param args the arguments as SQLite values
     * @throws Exception anything; the statement then fails with it as the cause
     */
    void inverse(Object[] args) throws Exception;

    /**
     * The current value of the window.
     *
     * @return the value, converted like a parameter
     * @throws Exception anything; the statement then fails with it as the cause
     */
    Object value() throws Exception;
}
