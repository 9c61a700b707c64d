package dev.asyncsqlite;

/**
 * An error in the database's operation rather than in the SQL: I/O errors, a full disk, a
 * file that cannot be opened, corruption. The {@code OperationalError} of the DB-API.
 */
public class OperationalException extends SqliteException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what went wrong
     * @param extendedResultCode SQLite's extended result code
     * @param sql the SQL that failed, or {@code null}
     * @param cause the underlying cause, or {@code null}
     */
    public OperationalException(String message, int extendedResultCode, String sql, Throwable cause) {
        super(message, extendedResultCode, sql, cause);
    }
}
