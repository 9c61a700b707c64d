package dev.asyncsqlite.internal.engine.xerial;

import dev.asyncsqlite.SqliteException;
import dev.asyncsqlite.internal.engine.SqliteErrors;
import java.sql.SQLException;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.core.DB;

/** Reads SQLite's code and own message out of sqlite-jdbc's exceptions. */
final class XerialErrors {
    // sqlite3_errstr of each primary result code, by code (null where SQLite has no text). Where
    // sqlite-jdbc hands over only a code, or only a handle's message, these translate one into the other.
    private static final String[] ERRSTR = {
        "not an error", "SQL logic error", null, "access permission denied", "query aborted", "database is locked",
        "database table is locked", "out of memory", "attempt to write a readonly database", "interrupted",
        "disk I/O error", "database disk image is malformed", "unknown operation", "database or disk is full",
        "unable to open database file", "locking protocol", null, "database schema has changed",
        "string or blob too big", "constraint failed", "datatype mismatch", "bad parameter or other API misuse",
        null, "authorization denied", null, "column index out of range", "file is not a database",
    };

    private XerialErrors() {
    }

    /**
     * SQLite's text for a result code, as {@code sqlite3_errstr} gives it.
     *
     * @param code a primary or extended result code
     * @return the text
     */
    static String errstr(int code) {
        int primary = code & 0xFF;
        String text = primary < ERRSTR.length ? ERRSTR[primary] : null;
        return text != null ? text : "unknown error";
    }

    /**
     * The error of the last call on the connection's handle ({@code sqlite3_errcode} and
     * {@code sqlite3_errmsg}), which sqlite-jdbc exposes only as the message: a message that is
     * one of SQLite's texts for a code has that code, any other (such as
     * {@code unknown database x}) is {@code SQLITE_ERROR}.
     *
     * @param db the connection
     * @param context what was being done, for the message
     * @return the error, or {@code null} if the last call succeeded
     */
    static SqliteException lastError(DB db, String context) {
        String message;
        try {
            db.throwex(0);
            return null;
        } catch (SQLException e) {
            message = sqliteMessage(e.getMessage(), SQLiteErrorCode.SQLITE_OK);
        }
        if (message.equals(ERRSTR[0])) {
            return null;
        }
        int code = SqliteException.SQLITE_ERROR;
        for (int i = 2; i < ERRSTR.length; i++) {
            if (message.equals(ERRSTR[i])) {
                code = i;
                break;
            }
        }
        return SqliteErrors.create(code, context + ": " + message, null, null);
    }

    static SqliteException translate(SQLException e, String sql) {
        return translate(e, sql, null);
    }

    static SqliteException translate(SQLException e, String sql, String context) {
        int code = SqliteException.SQLITE_ERROR;
        String message = e.getMessage();
        if (e instanceof org.sqlite.SQLiteException) {
            SQLiteErrorCode rc = ((org.sqlite.SQLiteException) e).getResultCode();
            if (rc != null && rc != SQLiteErrorCode.UNKNOWN_ERROR) {
                code = rc.code;
                message = sqliteMessage(message, rc);
            } else if (e.getErrorCode() > 0) {
                code = e.getErrorCode();
            }
        } else if (e.getErrorCode() > 0) {
            code = e.getErrorCode();
        }
        if (context != null) {
            message = context + ": " + message;
        }
        return SqliteErrors.create(code, message, sql, e);
    }

    // sqlite-jdbc formats "[NAME] description (sqlite3_errmsg)"; keep SQLite's own words.
    private static String sqliteMessage(String message, SQLiteErrorCode rc) {
        if (message == null) {
            return rc.message;
        }
        String prefix = "[" + rc.name() + "] " + rc.message + " (";
        if (message.startsWith(prefix) && message.endsWith(")")) {
            return message.substring(prefix.length(), message.length() - 1);
        }
        return message;
    }
}
