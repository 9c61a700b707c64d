package dev.asyncsqlite.dqlite;

import dev.asyncsqlite.AsyncSqlite;
import dev.asyncsqlite.ConnectOptions;
import dev.asyncsqlite.Connection;
import dev.asyncsqlite.IsolationLevel;
import dev.asyncsqlite.r2dbc.SqliteConnectionFactory;
import dev.asyncsqlite.r2dbc.TckSql;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.test.TestKit;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.jdbc.core.JdbcOperations;

/**
 * The R2DBC TCK on a live three-node dqlite cluster, through {@code r2dbc:dqlite://} URLs. The
 * TCK sets up its tables through JDBC, which dqlite has no driver for; {@link ClusterJdbcOperations}
 * does those few calls on the cluster instead.
 */
class DqliteTestKitTest implements TestKit<Integer> {
    private static DqliteCluster cluster;
    private static ConnectionFactory factory;
    private static Connection fixtures;
    private static JdbcOperations jdbc;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = DqliteCluster.start(3);
        String nodes = String.join(",", cluster.addresses());
        factory = ConnectionFactories.get("r2dbc:dqlite://" + nodes + "/tck.db?readers=2");
        fixtures = AsyncSqlite.connect(ConnectOptions.builder(cluster.url("tck.db")).engine("dqlite")
                .isolationLevel(IsolationLevel.AUTOCOMMIT).build()).get(60, TimeUnit.SECONDS);
        jdbc = ClusterJdbcOperations.over(fixtures);
    }

    @AfterAll
    static void stopCluster() {
        try {
            if (fixtures != null) {
                fixtures.close();
            }
            if (factory != null) {
                ((SqliteConnectionFactory) factory).close();
            }
        } finally {
            if (cluster != null) {
                cluster.close();
            }
        }
    }

    @Override
    public ConnectionFactory getConnectionFactory() {
        return factory;
    }

    @Override
    public String getPlaceholder(int index) {
        return "?";
    }

    @Override
    public Integer getIdentifier(int index) {
        return index;
    }

    @Override
    public JdbcOperations getJdbcOperations() {
        return jdbc;
    }

    /**
     * Not run: the driver appends {@code RETURNING} for generated values, and dqlite 1.11 runs a
     * statement that returns rows as a query, which for a write aborts the node (an assertion in
     * its VFS: {@code vfsFileShmLock: wal->n_tx == 0}). The dqlite engine refuses such statements
     * with NotSupportedException instead; see DqliteEngineTest.
     */
    @Override
    @org.junit.jupiter.api.Test
    @org.junit.jupiter.api.Disabled("dqlite 1.11 cannot run a write that returns rows (INSERT ... RETURNING): it aborts the node")
    public void returnGeneratedValues() {
    }

    @Override
    public String doGetSql(TestStatement statement) {
        return TckSql.forSqlite(statement);
    }
}
