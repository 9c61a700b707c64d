package dev.asyncsqlite.r2dbc.spring;

import io.r2dbc.spi.ConnectionFactory;
import java.util.Optional;
import org.springframework.data.r2dbc.dialect.DialectResolver;
import org.springframework.data.r2dbc.dialect.R2dbcDialect;

/**
 * Tells Spring Data R2DBC to use {@link SqliteDialect} for this driver's connection factories
 * (also when a pool wraps them); registered in {@code META-INF/spring.factories}.
 */
public class SqliteDialectProvider implements DialectResolver.R2dbcDialectProvider {
    /** Creates the provider; Spring does this. */
    public SqliteDialectProvider() {
    }

    @Override
    public Optional<R2dbcDialect> getDialect(ConnectionFactory connectionFactory) {
        return SqliteBindMarkersFactoryProvider.isSqlite(connectionFactory) ? Optional.of(SqliteDialect.INSTANCE) : Optional.empty();
    }
}
