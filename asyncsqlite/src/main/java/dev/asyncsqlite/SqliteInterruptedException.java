package dev.asyncsqlite;

/**
 * The statement was interrupted ({@code SQLITE_INTERRUPT}): by {@link Connection#interrupt()}, or
 * by the cancellation or time-out of its future. Its changes were undone; the connection is usable.
 */
public final class SqliteInterruptedException extends OperationalException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what went wrong
     * @param extendedResultCode SQLite's extended result code
     * @param sql the SQL that failed, or {@code null}
     * @param cause the underlying cause, or {@code null}
     */
    public SqliteInterruptedException(String message, int extendedResultCode, String sql, Throwable cause) {
        super(message, extendedResultCode, sql, cause);
    }
}
