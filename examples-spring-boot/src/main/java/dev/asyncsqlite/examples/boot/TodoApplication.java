package dev.asyncsqlite.examples.boot;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A Spring Boot WebFlux application on SQLite: a to-do list served over HTTP, stored through the
 * asyncsqlite R2DBC driver. Everything about the database is in {@code application.properties};
 * the schema is {@code schema.sql}, run at start-up by {@code spring.sql.init}.
 */
@SpringBootApplication
public class TodoApplication {
    /**
     * Starts the application (on port 8080 unless {@code server.port} says otherwise).
     *
     * @param args Spring Boot's command-line arguments, such as {@code --server.port=9000}
     */
    public static void main(String[] args) {
        SpringApplication.run(TodoApplication.class, args);
    }
}
