package dev.asyncsqlite.bench;

import dev.asyncsqlite.AsyncSqlite;
import dev.asyncsqlite.ConnectOptions;
import dev.asyncsqlite.Connection;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.sqlite.SQLiteConfig;

/** Opens databases the same way for every contender: a file, WAL, synchronous=NORMAL. */
final class Databases {
    static final String SCHEMA = "CREATE TABLE IF NOT EXISTS t(id INTEGER PRIMARY KEY, a INTEGER, b TEXT, c REAL)";
    static final String INSERT = "INSERT INTO t(a, b, c) VALUES (?, ?, ?)";
    static final String POINT = "SELECT a, b, c FROM t WHERE id = ?";
    static final String SCAN = "SELECT id, a, b, c FROM t";

    private Databases() {
    }

    static java.sql.Connection jdbc(Path file) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setGetGeneratedKeys(false);
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        java.sql.Connection c = DriverManager.getConnection("jdbc:sqlite:" + file, config.toProperties());
        try (Statement s = c.createStatement()) {
            s.execute(SCHEMA);
        }
        return c;
    }

    static ConnectOptions.Builder options(Path file) {
        return ConnectOptions.builder(file).pragma("journal_mode", "WAL").pragma("synchronous", "NORMAL");
    }

    static Connection async(Path file) {
        return async(file, "sqlite-jdbc");
    }

    static Connection async(Path file, String engine) {
        Connection db = AsyncSqlite.connect(options(file).engine(engine).build()).join();
        db.execute(SCHEMA).join();
        return db;
    }

    static Object[] row(long i) {
        return new Object[] {i, "row " + i, i * 0.5};
    }

    /** Fills a table with {@code rows} rows through plain sqlite-jdbc, outside any timing. */
    static void populate(Path file, long rows) throws SQLException {
        try (java.sql.Connection c = jdbc(file)) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(INSERT)) {
                for (long i = 0; i < rows; i++) {
                    ps.setLong(1, i);
                    ps.setString(2, "row " + i);
                    ps.setDouble(3, i * 0.5);
                    ps.addBatch();
                    if (i % 10_000 == 9_999) {
                        ps.executeBatch();
                    }
                }
                ps.executeBatch();
            }
            c.commit();
        }
    }

    /** The count and the sum of {@code a}, to compare what contenders wrote. */
    static Checksum written(Path file) throws SQLException {
        try (java.sql.Connection c = jdbc(file); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*), coalesce(sum(a), 0) + coalesce(sum(length(b)), 0) FROM t")) {
            rs.next();
            return new Checksum(rs.getLong(1), rs.getLong(2));
        }
    }
}
