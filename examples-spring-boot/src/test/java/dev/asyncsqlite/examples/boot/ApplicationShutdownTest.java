package dev.asyncsqlite.examples.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncsqlite.AsyncSqlite;
import dev.asyncsqlite.Connection;
import dev.asyncsqlite.Pool;
import dev.asyncsqlite.r2dbc.SqliteConnectionFactory;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Wrapped;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** Closing the application closes everything it opened on the database, and keeps what it wrote. */
class ApplicationShutdownTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void closingTheApplicationClosesTheDriversPoolBehindBootsPoolAndKeepsTheData() throws IOException {
        Path dir = Files.createDirectories(Path.of("target", "test-databases"));
        Path file = Files.createTempDirectory(dir, "shutdown").resolve("todos.db").toAbsolutePath();
        ConfigurableApplicationContext context = new SpringApplicationBuilder(TodoApplication.class)
                .properties("TODOS_DB=" + file, "server.port=0").run();
        ConnectionFactory bean = context.getBean(ConnectionFactory.class);
        Object driver = bean;
        while (driver instanceof Wrapped<?> wrapped) {
            driver = wrapped.unwrap();
        }
        Pool pool = ((SqliteConnectionFactory) driver).pool().join();
        context.getBean(TodoRepository.class).save(Todo.open("survives", 1)).block(WAIT);

        context.close();

        assertThat(((ConnectionPool) bean).isDisposed()).as("Boot's pool").isTrue();
        assertThat(pool.isClosed()).as("the driver's pool behind it").isTrue();
        try (Connection db = AsyncSqlite.connect(file.toString()).join()) {
            assertThat(db.executeFetchAll("SELECT title FROM todo").join()).extracting(row -> row.getString(0))
                    .containsExactly("survives");
        }
    }
}
