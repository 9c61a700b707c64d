package dev.asyncsqlite.internal.engine.xerial;

import java.sql.ResultSet;
import java.sql.SQLException;
import org.sqlite.SQLiteConnection;
import org.sqlite.core.CoreStatement;

/**
 * The carrier sqlite-jdbc's core needs to prepare, bind and track a statement handle
 * ({@code DB.prepare(CoreStatement)} and {@code DB.execute(CoreStatement, Object[])} are its
 * only public ways to do so). It is never used as a JDBC statement.
 */
final class StatementHandle extends CoreStatement {
    StatementHandle(SQLiteConnection connection, String sql) {
        super(connection);
        this.sql = sql;
    }

    @Override
    public ResultSet executeQuery(String sql, boolean closeStatement) throws SQLException {
        throw new SQLException("asyncsqlite reads statements through the engine, never as a JDBC result set");
    }
}
