package dev.asyncsqlite.r2dbc;

import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.test.TestKit;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.springframework.jdbc.core.JdbcOperations;

/**
 * The R2DBC TCK again, parameters written {@code :p0}, {@code :p1} and bound by name, on a
 * factory built from {@code ConnectionFactoryOptions} in code.
 */
class NamedParametersTestKitTest implements TestKit<String> {
    private static final Path DATABASE = TestDatabases.newFile("tck-named");
    private static final SqliteConnectionFactory FACTORY = (SqliteConnectionFactory) new SqliteConnectionFactoryProvider()
            .create(io.r2dbc.spi.ConnectionFactoryOptions.builder()
                    .option(io.r2dbc.spi.ConnectionFactoryOptions.DRIVER, "sqlite")
                    .option(io.r2dbc.spi.ConnectionFactoryOptions.DATABASE, DATABASE.toString())
                    .option(SqliteConnectionFactoryProvider.READERS, 1)
                    .build());
    private static final JdbcOperations JDBC = TestDatabases.jdbc(DATABASE);

    @AfterAll
    static void closeFactory() {
        FACTORY.close();
        TestDatabases.delete(DATABASE);
    }

    @Override
    public ConnectionFactory getConnectionFactory() {
        return FACTORY;
    }

    @Override
    public String getPlaceholder(int index) {
        return ":p" + index;
    }

    @Override
    public String getIdentifier(int index) {
        return "p" + index;
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
