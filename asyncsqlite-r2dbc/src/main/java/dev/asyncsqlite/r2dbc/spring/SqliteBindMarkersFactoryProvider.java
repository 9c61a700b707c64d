package dev.asyncsqlite.r2dbc.spring;

import io.r2dbc.spi.ConnectionFactory;
import org.springframework.r2dbc.core.binding.BindMarkersFactory;
import org.springframework.r2dbc.core.binding.BindMarkersFactoryResolver;

/**
 * Tells Spring's R2DBC support ({@code DatabaseClient}, and through it Spring Data R2DBC and
 * Spring Boot's auto-configuration) to write SQLite's {@code ?1}, {@code ?2} bind markers for
 * this driver's connection factories, also when a pool or a proxy wraps them; registered in
 * {@code META-INF/spring.factories}.
 *
 * <p>It needs only {@code spring-r2dbc}, so {@code DatabaseClient.create(factory)} works without
 * Spring Data on the class path.
 */
public class SqliteBindMarkersFactoryProvider implements BindMarkersFactoryResolver.BindMarkerFactoryProvider {
    /** The bind markers of SQLite's numbered parameters: {@code ?1}, {@code ?2}, ... */
    static final BindMarkersFactory BIND_MARKERS = BindMarkersFactory.indexed("?", 1);

    /** Creates the provider; Spring does this. */
    public SqliteBindMarkersFactoryProvider() {
    }

    /**
     * The bind markers for a connection factory of this driver.
     *
     * @param connectionFactory the connection factory, perhaps a pool or proxy around this driver's
     * @return SQLite's bind markers, or {@code null} for another database's factory
     */
    @Override
    public BindMarkersFactory getBindMarkers(ConnectionFactory connectionFactory) {
        return isSqlite(connectionFactory) ? BIND_MARKERS : null;
    }

    /** Whether a factory is this driver's: pools and proxies report the metadata of the factory they wrap. */
    static boolean isSqlite(ConnectionFactory connectionFactory) {
        return "SQLite".equals(connectionFactory.getMetadata().getName());
    }
}
