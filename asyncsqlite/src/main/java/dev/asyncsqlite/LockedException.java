package dev.asyncsqlite;

/**
 * A table is locked by another statement of the same connection or of a shared cache
 * ({@code SQLITE_LOCKED}).
 */
public final class LockedException extends OperationalException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what went wrong
     * @param extendedResultCode SQLite's extended result code
     * @param sql the SQL that failed, or {@code null}
     * @param cause the underlying cause, or {@code null}
     */
    public LockedException(String message, int extendedResultCode, String sql, Throwable cause) {
        super(message, extendedResultCode, sql, cause);
    }
}
