package dev.asyncsqlite.r2dbc.spring;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What Spring Boot picks up from the driver through
 * {@code META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports}: the
 * {@link SqliteConnectionFactoryCloser}, so that closing the application context closes the
 * driver's factory behind Boot's connection factory bean. Outside Spring Boot, import it, or
 * declare the factory as a bean, whose {@code close()} Spring calls.
 */
@Configuration(proxyBeanMethods = false)
public class SqliteR2dbcAutoConfiguration {
    /** Creates the configuration; Spring does this. */
    public SqliteR2dbcAutoConfiguration() {
    }

    /**
     * The closer; static, as a bean post-processor must be, so that it is made before the beans it handles.
     *
     * @return the closer
     */
    @Bean
    public static SqliteConnectionFactoryCloser sqliteConnectionFactoryCloser() {
        return new SqliteConnectionFactoryCloser();
    }
}
