package dev.asyncsqlite.r2dbc;

import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryOptions;
import io.r2dbc.spi.test.TestKit;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.springframework.jdbc.core.JdbcOperations;

/**
 * The R2DBC TCK against a file database, parameters written {@code ?} and bound by index. The
 * factory comes from an {@code r2dbc:sqlite:} URL through {@code ConnectionFactories}, as an
 * application would get it.
 */
class PositionalParametersTestKitTest implements TestKit<Integer> {
    private static final Path DATABASE = TestDatabases.newFile("tck-positional");
    private static final ConnectionFactory FACTORY =
            ConnectionFactories.get(ConnectionFactoryOptions.parse("r2dbc:sqlite://" + DATABASE + "?readers=2"));
    private static final JdbcOperations JDBC = TestDatabases.jdbc(DATABASE);

    @AfterAll
    static void closeFactory() {
        ((SqliteConnectionFactory) FACTORY).close();
        TestDatabases.delete(DATABASE);
    }

    @Override
    public ConnectionFactory getConnectionFactory() {
        return FACTORY;
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
        return JDBC;
    }

    @Override
    public String doGetSql(TestStatement statement) {
        return TckSql.forSqlite(statement);
    }
}
