package dev.asyncsqlite;

/**
 * A constraint was violated ({@code SQLITE_CONSTRAINT}: {@code UNIQUE}, {@code NOT NULL},
 * {@code CHECK}, {@code FOREIGN KEY}, ...): the {@code IntegrityError} of the DB-API.
 */
public final class IntegrityConstraintException extends SqliteException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what went wrong
     * @param extendedResultCode SQLite's extended result code
     * @param sql the SQL that failed, or {@code null}
     * @param cause the underlying cause, or {@code null}
     */
    public IntegrityConstraintException(String message, int extendedResultCode, String sql, Throwable cause) {
        super(message, extendedResultCode, sql, cause);
    }
}
