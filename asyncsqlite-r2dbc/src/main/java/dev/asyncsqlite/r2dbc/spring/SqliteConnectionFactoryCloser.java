package dev.asyncsqlite.r2dbc.spring;

import dev.asyncsqlite.r2dbc.SqliteConnectionFactory;
import io.r2dbc.spi.Closeable;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Wrapped;
import java.time.Duration;
import org.springframework.beans.factory.config.DestructionAwareBeanPostProcessor;
import reactor.core.publisher.Mono;

/**
 * Closes this driver's factory when the Spring bean that wraps it is destroyed. Spring Boot makes
 * its {@code ConnectionFactory} bean a wrapper (an r2dbc-pool {@code ConnectionPool}, or its own
 * options-carrying factory) and closes only that, which leaves the driver's factory, and the
 * SQLite connections and threads of its pool, open after the application context has closed.
 *
 * <p>Runs on the thread that closes the context. A wrapper that can be closed is closed first, so
 * that its connections roll back and close while the driver's pool is still open; then the
 * driver's factory closes its pool. Registered by {@link SqliteR2dbcAutoConfiguration}.
 */
public class SqliteConnectionFactoryCloser implements DestructionAwareBeanPostProcessor {
    /** The longest a wrapper in front of the driver may take to close its connections. */
    private static final Duration WRAPPER_CLOSE_TIMEOUT = Duration.ofSeconds(30);

    /** Creates the closer; Spring does this. */
    public SqliteConnectionFactoryCloser() {
    }

    /**
     * Whether a bean wraps one of this driver's factories.
     *
     * @param bean a bean
     * @return true for a connection factory that unwraps to a {@link SqliteConnectionFactory}
     */
    @Override
    public boolean requiresDestruction(Object bean) {
        return bean instanceof ConnectionFactory && !(bean instanceof SqliteConnectionFactory) && driverOf(bean) != null;
    }

    /**
     * Closes the wrapper, if it can be closed, and then the driver's factory inside it.
     *
     * @param bean the bean being destroyed
     * @param beanName its name
     */
    @Override
    public void postProcessBeforeDestruction(Object bean, String beanName) {
        SqliteConnectionFactory driver = driverOf(bean);
        if (driver == null || driver == bean) {
            // Not this driver's, or the factory itself as a bean, whose close() Spring calls.
            return;
        }
        try {
            if (bean instanceof Closeable) {
                Mono.from(((Closeable) bean).close()).block(WRAPPER_CLOSE_TIMEOUT);
            }
        } finally {
            driver.close();
        }
    }

    private static SqliteConnectionFactory driverOf(Object bean) {
        Object current = bean;
        while (!(current instanceof SqliteConnectionFactory) && current instanceof Wrapped) {
            current = ((Wrapped<?>) current).unwrap();
        }
        return current instanceof SqliteConnectionFactory ? (SqliteConnectionFactory) current : null;
    }
}
