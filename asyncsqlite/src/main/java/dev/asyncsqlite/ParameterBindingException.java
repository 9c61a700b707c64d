package dev.asyncsqlite;

/**
 * Parameters do not fit the statement: a wrong number of values ({@code SQLITE_RANGE}), a
 * missing named value ({@code SQLITE_RANGE}) or a value of a type no adapter handles
 * ({@code SQLITE_MISMATCH}). The message names the parameter. Raised before the statement runs.
 */
public final class ParameterBindingException extends ProgrammingException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what went wrong
     * @param extendedResultCode SQLite's extended result code
     * @param sql the SQL that failed, or {@code null}
     * @param cause the underlying cause, or {@code null}
     */
    public ParameterBindingException(String message, int extendedResultCode, String sql, Throwable cause) {
        super(message, extendedResultCode, sql, cause);
    }
}
