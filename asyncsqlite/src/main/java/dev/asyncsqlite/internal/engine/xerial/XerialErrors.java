package dev.asyncsqlite.internal.engine.xerial;

import dev.asyncsqlite.SqliteException;
import dev.asyncsqlite.internal.engine.SqliteErrors;
import java.sql.SQLException;
import org.sqlite.SQLiteErrorCode;

/** Reads SQLite's code and own message out of sqlite-jdbc's exceptions. */
final class XerialErrors {
    private XerialErrors() {
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
