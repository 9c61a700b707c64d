package dev.asyncsqlite.internal.engine;

import dev.asyncsqlite.BusyException;
import dev.asyncsqlite.ConnectionClosedException;
import dev.asyncsqlite.IntegrityConstraintException;
import dev.asyncsqlite.LockedException;
import dev.asyncsqlite.OperationalException;
import dev.asyncsqlite.ParameterBindingException;
import dev.asyncsqlite.ProgrammingException;
import dev.asyncsqlite.ReadOnlyException;
import dev.asyncsqlite.SqliteException;
import dev.asyncsqlite.SqliteInterruptedException;

/**
 * The one place where SQLite result codes become {@link SqliteException} subtypes, and where
 * asyncsqlite's own errors get their codes.
 */
public final class SqliteErrors {
    private SqliteErrors() {
    }

    /**
     * The exception for a SQLite result code.
     *
     * @param extendedCode the extended (or primary) result code
     * @param message SQLite's message
     * @param sql the SQL that failed, or {@code null}
     * @param cause the driver's exception, or {@code null}
     * @return the matching subtype
     */
    public static SqliteException create(int extendedCode, String message, String sql, Throwable cause) {
        String text = sql == null ? message : message + " [SQL: " + abbreviate(sql) + "]";
        switch (extendedCode & 0xFF) {
            case SqliteException.SQLITE_CONSTRAINT:
                return new IntegrityConstraintException(text, extendedCode, sql, cause);
            case SqliteException.SQLITE_BUSY:
                return new BusyException(text, extendedCode, sql, cause);
            case SqliteException.SQLITE_LOCKED:
                return new LockedException(text, extendedCode, sql, cause);
            case SqliteException.SQLITE_READONLY:
                return new ReadOnlyException(text, extendedCode, sql, cause);
            case SqliteException.SQLITE_INTERRUPT:
                return new SqliteInterruptedException(text, extendedCode, sql, cause);
            case SqliteException.SQLITE_ERROR:
            case SqliteException.SQLITE_MISUSE:
            case SqliteException.SQLITE_RANGE:
            case SqliteException.SQLITE_AUTH:
                return new ProgrammingException(text, extendedCode, sql, cause);
            case SqliteException.SQLITE_INTERNAL:
                return new SqliteException(text, extendedCode, sql, cause);
            default:
                return new OperationalException(text, extendedCode, sql, cause);
        }
    }

    /**
     * A statement was cancelled or timed out before or while it ran.
     *
     * @param sql the SQL, or {@code null}
     * @return the exception
     */
    public static SqliteInterruptedException interrupted(String sql) {
        return (SqliteInterruptedException) create(SqliteException.SQLITE_INTERRUPT, "interrupted", sql, null);
    }

    /**
     * The wrong number of positional parameters.
     *
     * @param expected what the statement uses
     * @param supplied how many were given
     * @param sql the SQL
     * @return the exception
     */
    public static ParameterBindingException wrongParameterCount(int expected, int supplied, String sql) {
        return new ParameterBindingException("Incorrect number of bindings supplied. The statement uses " + expected
                + ", and there are " + supplied + " supplied. [SQL: " + abbreviate(sql) + "]",
                SqliteException.SQLITE_RANGE, sql, null);
    }

    /**
     * A named parameter without a value, or a nameless one given a map.
     *
     * @param message what is wrong
     * @param sql the SQL
     * @return the exception
     */
    public static ParameterBindingException badNamedParameter(String message, String sql) {
        return new ParameterBindingException(message + " [SQL: " + abbreviate(sql) + "]", SqliteException.SQLITE_RANGE, sql, null);
    }

    /**
     * A parameter of a type no adapter handles, or an adapter that failed.
     *
     * @param message what is wrong, naming the parameter
     * @param sql the SQL, or {@code null}
     * @param cause the adapter's failure, or {@code null}
     * @return the exception
     */
    public static ParameterBindingException unsupportedParameter(String message, String sql, Throwable cause) {
        return new ParameterBindingException(sql == null ? message : message + " [SQL: " + abbreviate(sql) + "]",
                SqliteException.SQLITE_MISMATCH, sql, cause);
    }

    /**
     * Misuse of SQL that SQLite itself would not report, such as two statements given to
     * {@code execute}.
     *
     * @param message what is wrong
     * @param sql the SQL
     * @return the exception
     */
    public static ProgrammingException programming(String message, String sql) {
        return new ProgrammingException(sql == null ? message : message + " [SQL: " + abbreviate(sql) + "]",
                SqliteException.SQLITE_MISUSE, sql, null);
    }

    /**
     * A user callback (function, aggregate, collation, hook, progress handler, trace) threw; the
     * statement it ran in fails with this.
     *
     * @param sql the statement, or {@code null}
     * @param cause what the callback threw
     * @return the exception, an {@link OperationalException} with {@code SQLITE_ERROR}
     */
    public static OperationalException callbackFailed(String sql, Throwable cause) {
        String message = "a user callback raised " + cause;
        return new OperationalException(sql == null ? message : message + " [SQL: " + abbreviate(sql) + "]",
                SqliteException.SQLITE_ERROR, sql, cause);
    }

    /**
     * The connection is closed.
     *
     * @param what what is closed, such as {@code "connection asyncsqlite-3"}
     * @return the exception
     */
    public static ConnectionClosedException closed(String what) {
        return new ConnectionClosedException(what + " is closed", SqliteException.SQLITE_MISUSE, null, null);
    }

    private static String abbreviate(String sql) {
        return sql.length() <= 200 ? sql : sql.substring(0, 200) + "...";
    }
}
