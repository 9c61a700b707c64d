package dev.asyncsqlite;

/**
 * The engine behind the connection cannot do what was asked: the {@code NotSupportedError} of
 * the DB-API. The message names the feature and the engine.
 */
public final class NotSupportedException extends SqliteException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what is not supported, and by which engine
     */
    public NotSupportedException(String message) {
        super(message, SQLITE_ERROR, null, null);
    }
}
