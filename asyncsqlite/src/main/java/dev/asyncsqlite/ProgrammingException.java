package dev.asyncsqlite;

/**
 * The SQL or its use is wrong: a syntax error, an unknown table or column, more than one
 * statement where one is expected, or misuse of the API. The {@code ProgrammingError} of the
 * DB-API; its result code is usually {@code SQLITE_ERROR}.
 */
public class ProgrammingException extends SqliteException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what went wrong
     * @param extendedResultCode SQLite's extended result code
     * @param sql the SQL that failed, or {@code null}
     * @param cause the underlying cause, or {@code null}
     */
    public ProgrammingException(String message, int extendedResultCode, String sql, Throwable cause) {
        super(message, extendedResultCode, sql, cause);
    }
}
