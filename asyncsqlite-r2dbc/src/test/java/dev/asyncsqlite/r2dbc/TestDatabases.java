package dev.asyncsqlite.r2dbc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.springframework.jdbc.core.JdbcTemplate;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/** Scratch database files under {@code target/}, and JDBC access to them for fixtures. */
final class TestDatabases {
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

    /** A JDBC template over sqlite-jdbc, for setting up and checking data beside the driver. */
    static JdbcTemplate jdbc(Path database) {
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(10_000);
        SQLiteDataSource dataSource = new SQLiteDataSource(config);
        dataSource.setUrl("jdbc:sqlite:" + database);
        return new JdbcTemplate(dataSource);
    }

    static void delete(Path database) {
        try (Stream<Path> files = Files.walk(database.getParent())) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
