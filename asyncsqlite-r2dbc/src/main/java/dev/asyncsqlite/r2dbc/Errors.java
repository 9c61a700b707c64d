package dev.asyncsqlite.r2dbc;

import dev.asyncsqlite.BusyException;
import dev.asyncsqlite.ConnectionClosedException;
import dev.asyncsqlite.IntegrityConstraintException;
import dev.asyncsqlite.LockedException;
import dev.asyncsqlite.ParameterBindingException;
import dev.asyncsqlite.ProgrammingException;
import dev.asyncsqlite.ReadOnlyException;
import dev.asyncsqlite.SqliteException;
import dev.asyncsqlite.SqliteInterruptedException;
import io.r2dbc.spi.R2dbcBadGrammarException;
import io.r2dbc.spi.R2dbcDataIntegrityViolationException;
import io.r2dbc.spi.R2dbcException;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcPermissionDeniedException;
import io.r2dbc.spi.R2dbcRollbackException;
import io.r2dbc.spi.R2dbcTimeoutException;
import io.r2dbc.spi.R2dbcTransientResourceException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** The one translator of this module: the core's exceptions become the R2DBC SPI's. */
final class Errors {
    private Errors() {
    }

    /**
     * Unwraps a future's wrapper and maps an {@link SqliteException} to its R2DBC kind; anything
     * else (argument and state errors of the caller) passes unchanged.
     */
    static Throwable translate(Throwable error) {
        Throwable t = error;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        if (!(t instanceof SqliteException)) {
            return t;
        }
        SqliteException e = (SqliteException) t;
        String message = e.getMessage();
        String code = e.resultCodeName();
        int errorCode = e.extendedResultCode();
        String sql = e.sql();
        if (e instanceof IntegrityConstraintException) {
            return new R2dbcDataIntegrityViolationException(message, code, errorCode, sql, e);
        }
        if (e instanceof ProgrammingException || e instanceof ParameterBindingException) {
            return new R2dbcBadGrammarException(message, code, errorCode, sql, e);
        }
        if (e instanceof BusyException || e instanceof LockedException) {
            return new R2dbcTransientResourceException(message, code, errorCode, sql, e);
        }
        if (e instanceof ReadOnlyException) {
            return new R2dbcPermissionDeniedException(message, code, errorCode, sql, e);
        }
        if (e instanceof SqliteInterruptedException) {
            return new R2dbcTimeoutException(message, code, errorCode, sql, e);
        }
        if (e instanceof ConnectionClosedException) {
            return new R2dbcNonTransientResourceException(message, code, errorCode, sql, e);
        }
        if (e.resultCode() == SqliteException.SQLITE_ERROR) {
            // SQLite's generic error: a syntax error, a missing table or column.
            return new R2dbcBadGrammarException(message, code, errorCode, sql, e);
        }
        if (e.resultCode() == SqliteException.SQLITE_ABORT) {
            return new R2dbcRollbackException(message, code, errorCode, sql, e);
        }
        return new GenericError(message, code, errorCode, sql, e);
    }

    /** An SQLite error with no narrower R2DBC kind. */
    static final class GenericError extends R2dbcException {
        private static final long serialVersionUID = 1L;

        GenericError(String reason, String sqlState, int errorCode, String sql, Throwable cause) {
            super(reason, sqlState, errorCode, sql, cause);
        }
    }
}
