package dev.asyncsqlite.r2dbc;

import dev.asyncsqlite.ConnectOptions;
import dev.asyncsqlite.PoolOptions;
import io.r2dbc.spi.ConnectionFactoryOptions;
import io.r2dbc.spi.ConnectionFactoryProvider;

/**
 * The R2DBC driver {@code dqlite}: the same driver on a database of a dqlite cluster, through the
 * asyncsqlite dqlite engine (module {@code asyncsqlite-dqlite}, which must be on the class path).
 *
 * <p>URLs: {@code r2dbc:dqlite://host:port,host:port/name} (any nodes of the cluster; the
 * connections find the leader), with the options of {@link SqliteConnectionFactoryProvider} but
 * {@code readOnly} and {@code extensions}, which a remote database cannot honour.
 */
public final class DqliteConnectionFactoryProvider implements ConnectionFactoryProvider {
    /** The driver name of the URLs, {@code dqlite}. */
    public static final String DRIVER = "dqlite";

    /**
     * Creates the driver's factory for a dqlite cluster's database.
     *
     * @param options the options, of {@code r2dbc:dqlite:} URLs
     * @return the factory, to be closed when no longer needed
     * @throws IllegalArgumentException naming the option that is missing or wrong
     */
    @Override
    public SqliteConnectionFactory create(ConnectionFactoryOptions options) {
        return new SqliteConnectionFactory(poolOptions(options), SqliteConnectionFactoryProvider.defaultStatementTimeout(options));
    }

    @Override
    public boolean supports(ConnectionFactoryOptions options) {
        return SqliteConnectionFactoryProvider.supports(options, DRIVER);
    }

    @Override
    public String getDriver() {
        return DRIVER;
    }

    static PoolOptions poolOptions(ConnectionFactoryOptions options) {
        Object host = options.getValue(ConnectionFactoryOptions.HOST);
        Object database = options.getValue(ConnectionFactoryOptions.DATABASE);
        if (host == null || host.toString().isEmpty()) {
            throw new IllegalArgumentException("a dqlite URL names the cluster's nodes: r2dbc:dqlite://host:port,host:port/name");
        }
        if (database == null || database.toString().isEmpty()) {
            throw new IllegalArgumentException("a dqlite URL names the database after the nodes: r2dbc:dqlite://host:port/name");
        }
        Object port = options.getValue(ConnectionFactoryOptions.PORT);
        String nodes = port == null ? host.toString() : host + ":" + port;
        if (options.getValue(SqliteConnectionFactoryProvider.READ_ONLY) != null
                || options.getValue(SqliteConnectionFactoryProvider.EXTENSIONS) != null) {
            throw new IllegalArgumentException("readOnly and extensions are not supported on a dqlite cluster");
        }
        ConnectOptions.Builder connect = ConnectOptions.builder("dqlite://" + nodes + "/" + database).engine("dqlite");
        return SqliteConnectionFactoryProvider.poolOptions(options, connect);
    }
}
