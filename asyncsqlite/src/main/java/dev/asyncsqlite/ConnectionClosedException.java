package dev.asyncsqlite;

/**
 * The connection (or cursor) is closed, or failed to stay open. Its result code is
 * {@code SQLITE_MISUSE}.
 */
public final class ConnectionClosedException extends SqliteException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what went wrong
     * @param extendedResultCode SQLite's extended result code
     * @param sql the SQL that failed, or {@code null}
     * @param cause the underlying cause, or {@code null}
     */
    public ConnectionClosedException(String message, int extendedResultCode, String sql, Throwable cause) {
        super(message, extendedResultCode, sql, cause);
    }
}
