package dev.asyncsqlite;

/**
 * An attempt to write a database opened read-only, or a file that cannot be written
 * ({@code SQLITE_READONLY}).
 */
public final class ReadOnlyException extends OperationalException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what went wrong
     * @param extendedResultCode SQLite's extended result code
     * @param sql the SQL that failed, or {@code null}
     * @param cause the underlying cause, or {@code null}
     */
    public ReadOnlyException(String message, int extendedResultCode, String sql, Throwable cause) {
        super(message, extendedResultCode, sql, cause);
    }
}
