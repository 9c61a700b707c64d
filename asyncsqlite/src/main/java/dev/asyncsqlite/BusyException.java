package dev.asyncsqlite;

/**
 * The database file is locked by another connection and stayed locked past the busy timeout
 * ({@code SQLITE_BUSY}).
 */
public final class BusyException extends OperationalException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what went wrong
     * @param extendedResultCode SQLite's extended result code
     * @param sql the SQL that failed, or {@code null}
     * @param cause the underlying cause, or {@code null}
     */
    public BusyException(String message, int extendedResultCode, String sql, Throwable cause) {
        super(message, extendedResultCode, sql, cause);
    }
}
