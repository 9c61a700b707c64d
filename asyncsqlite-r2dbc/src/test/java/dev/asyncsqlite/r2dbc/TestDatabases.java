package dev.asyncsqlite.r2dbc;

import dev.asyncsqlite.AsyncSqlite;
import dev.asyncsqlite.ConnectOptions;
import dev.asyncsqlite.Connection;
import dev.asyncsqlite.IsolationLevel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Comparator;
import java.util.stream.Stream;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.jdbc.core.JdbcTemplate;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/** Scratch database files under {@code target/}, and JDBC access to them for fixtures. */
final class TestDatabases {
    private static final Map<Path, Connection> FIXTURES = new ConcurrentHashMap<>();

    private TestDatabases() {
    }

    static Path newFile(String name) {
        try {
            Path dir = Files.createDirectories(Path.of("target", "r2dbc-databases"));
            return Files.createTempDirectory(dir, name).resolve(name + ".db").toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * JDBC access for setting up and checking data beside the driver: sqlite-jdbc when the tests
     * run on the sqlite-jdbc engine; on another engine, the TCK's fixture calls through an
     * asyncsqlite connection of that engine ({@link #delete} closes it), because a second SQLite
     * library on the same file can corrupt it.
     */
    static JdbcOperations jdbc(Path database) {
        String engine = System.getProperty(ConnectOptions.ENGINE_PROPERTY, "sqlite-jdbc");
        if (!engine.equals("sqlite-jdbc")) {
            Connection connection = AsyncSqlite.connect(ConnectOptions.builder(database.toString())
                    .isolationLevel(IsolationLevel.AUTOCOMMIT).busyTimeout(Duration.ofSeconds(10)).build()).join();
            FIXTURES.put(database, connection);
            return AsyncsqliteJdbcOperations.over(connection);
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(10_000);
        SQLiteDataSource dataSource = new SQLiteDataSource(config);
        dataSource.setUrl("jdbc:sqlite:" + database);
        return new JdbcTemplate(dataSource);
    }

    static void delete(Path database) {
        Connection fixtures = FIXTURES.remove(database);
        if (fixtures != null) {
            fixtures.close();
        }
        try (Stream<Path> files = Files.walk(database.getParent())) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
