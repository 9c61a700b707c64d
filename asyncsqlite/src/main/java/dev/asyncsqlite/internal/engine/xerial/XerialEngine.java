package dev.asyncsqlite.internal.engine.xerial;

import dev.asyncsqlite.SqliteException;
import dev.asyncsqlite.internal.engine.Engine;
import dev.asyncsqlite.internal.engine.NativeConnection;
import dev.asyncsqlite.internal.engine.OpenSpec;
import dev.asyncsqlite.internal.engine.SqliteErrors;
import java.sql.SQLException;
import java.util.Properties;
import org.sqlite.JDBC;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteOpenMode;

/**
 * The engine over sqlite-jdbc's bundled SQLite, used through its statement-level core
 * ({@code org.sqlite.core.DB}) rather than JDBC statements, so no hidden statement runs per call.
 */
public final class XerialEngine implements Engine {
    /** The single instance. */
    public static final XerialEngine INSTANCE = new XerialEngine();

    private XerialEngine() {
    }

    @Override
    public String name() {
        return "sqlite-jdbc";
    }

    @Override
    public NativeConnection open(OpenSpec spec) {
        SQLiteConfig config = new SQLiteConfig();
        // sqlite-jdbc's generated-keys support runs SELECT last_insert_rowid() after every INSERT.
        config.setGetGeneratedKeys(false);
        config.setBusyTimeout(spec.busyTimeoutMillis());
        config.enableLoadExtension(spec.loadExtensions());
        config.setReadOnly(spec.readOnly());
        if (spec.uri()) {
            config.setOpenMode(SQLiteOpenMode.OPEN_URI);
        }
        Properties properties = config.toProperties();
        String database = spec.database();
        if (!spec.uri() && database.startsWith("file:")) {
            database = "./" + database;
        }
        SQLiteConnection jdbc;
        try {
            jdbc = (SQLiteConnection) JDBC.createConnection(JDBC.PREFIX + database, properties);
        } catch (SQLException e) {
            throw XerialErrors.translate(e, null, "cannot open database " + spec.database());
        }
        if (jdbc == null) {
            throw SqliteErrors.create(SqliteException.SQLITE_CANTOPEN, "cannot open database " + spec.database(), null, null);
        }
        return new XerialConnection(jdbc);
    }
}
