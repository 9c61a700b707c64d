package dev.asyncsqlite.r2dbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.asyncsqlite.ConnectOptions;
import dev.asyncsqlite.PoolOptions;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

class ConnectionFactoryProviderTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private static PoolOptions options(String url) {
        return SqliteConnectionFactoryProvider.poolOptions(SqliteConnectionFactoryProvider.parseUrl(url));
    }

    @Test
    void urlsNameAbsoluteRelativeAndInMemoryDatabases() {
        assertThat(options("r2dbc:sqlite:///var/data/app.db").connectOptions().database()).isEqualTo("/var/data/app.db");
        assertThat(options("r2dbc:sqlite:///./data/app.db").connectOptions().database()).isEqualTo("./data/app.db");
        assertThat(options("r2dbc:sqlite:relative.db").connectOptions().database()).isEqualTo("./relative.db");
        assertThat(options("r2dbc:sqlite::memory:").connectOptions().database()).isEqualTo(":memory:");
        assertThat(options("r2dbc:sqlite:///:memory:").connectOptions().database()).isEqualTo(":memory:");
    }

    @Test
    void ofReturnsTheDriversClosableFactoryForItsUrlsAndRefusesOthers() {
        Path file = dir.resolve("of.db");
        try (SqliteConnectionFactory factory = SqliteConnectionFactory.of("r2dbc:sqlite://" + file + "?readers=1")) {
            Integer one = Flux.usingWhen(factory.create(),
                    c -> Flux.from(c.createStatement("SELECT 1").execute()).concatMap(r -> r.map((row, m) -> row.get(0, Integer.class))),
                    Connection::close).blockLast(WAIT);
            assertThat(one).isEqualTo(1);
            assertThat(factory.pool().join().options().readers()).isEqualTo(1);
            factory.close();
            assertThat(factory.pool().join().isClosed()).isTrue();
        }
        try (SqliteConnectionFactory memory = SqliteConnectionFactory.of("r2dbc:sqlite::memory:")) {
            assertThat(memory.pool().join().options().connectOptions().database()).isEqualTo(":memory:");
        }
        assertThat(ConnectionFactories.get("r2dbc:sqlite://" + file)).isInstanceOf(SqliteConnectionFactory.class);
        assertThatThrownBy(() -> SqliteConnectionFactory.of("r2dbc:postgresql://localhost/db"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("r2dbc:postgresql://localhost/db");
    }

    @Test
    void closingAFactoryWhosePoolCannotCloseInTimeFailsInsteadOfWaitingForever() throws Exception {
        SqliteConnectionFactory factory = new SqliteConnectionFactory(PoolOptions.builder(
                ConnectOptions.builder(dir.resolve("slow-close.db")).closeTimeout(Duration.ofMillis(200)).build())
                .build());
        java.util.concurrent.CountDownLatch running = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CompletableFuture<Void> release = new java.util.concurrent.CompletableFuture<>();
        dev.asyncsqlite.Pool pool = factory.pool().get(10, java.util.concurrent.TimeUnit.SECONDS);
        java.util.concurrent.CompletableFuture<Object> busy = pool.write(c -> c.call(sync -> {
            running.countDown();
            return release.get(10, java.util.concurrent.TimeUnit.SECONDS);
        }));
        assertThat(running.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        // The writer is busy, so the pool cannot close within its closeTimeout: close says so.
        assertThatThrownBy(factory::close).isInstanceOf(IllegalStateException.class).hasMessageContaining("did not close within PT0.2S");
        release.complete(null);
        busy.get(10, java.util.concurrent.TimeUnit.SECONDS);
        factory.close();
        assertThat(pool.executeFetchAll("SELECT 1")).failsWithin(WAIT);
    }

    @Test
    void urlOptionsReachThePoolAndItsConnections() {
        PoolOptions pool = options("r2dbc:sqlite:///tmp/x.db?busyTimeout=PT7S&readers=3&acquireTimeout=250"
                + "&readOnly=true&pragmas=foreign_keys=ON,synchronous=NORMAL&fetchSize=16&transactionTimeout=PT2M");
        ConnectOptions connect = pool.connectOptions();
        assertThat(pool.readers()).isEqualTo(3);
        assertThat(pool.acquireTimeout()).isEqualTo(Duration.ofMillis(250));
        assertThat(connect.busyTimeout()).isEqualTo(Duration.ofSeconds(7));
        assertThat(connect.readOnly()).isTrue();
        assertThat(connect.pragmas()).containsEntry("foreign_keys", "ON").containsEntry("synchronous", "NORMAL");
        assertThat(connect.iterChunkSize()).isEqualTo(16);
        assertThat(connect.transactionTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(connect.loadExtensions()).as("extensions are off unless asked for").isFalse();
        assertThat(options("r2dbc:sqlite:///tmp/x.db?extensions=true").connectOptions().loadExtensions()).isTrue();
        assertThat(SqliteConnectionFactoryProvider.defaultStatementTimeout(
                SqliteConnectionFactoryProvider.parseUrl("r2dbc:sqlite:///tmp/x.db?statementTimeout=PT1.5S")))
                .isEqualTo(Duration.ofMillis(1500));
    }

    @Test
    void programmaticOptionsTakeTypedValues() {
        PoolOptions pool = SqliteConnectionFactoryProvider.poolOptions(ConnectionFactoryOptions.builder()
                .option(ConnectionFactoryOptions.DRIVER, "sqlite")
                .option(ConnectionFactoryOptions.DATABASE, "/tmp/typed.db")
                .option(ConnectionFactoryOptions.LOCK_WAIT_TIMEOUT, Duration.ofSeconds(3))
                .option(SqliteConnectionFactoryProvider.READERS, 2)
                .option(SqliteConnectionFactoryProvider.PRAGMAS, Map.of("cache_size", "-4000"))
                .build());
        assertThat(pool.connectOptions().database()).isEqualTo("/tmp/typed.db");
        assertThat(pool.connectOptions().busyTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(pool.readers()).isEqualTo(2);
        assertThat(pool.connectOptions().pragmas()).containsEntry("cache_size", "-4000");
    }

    @Test
    void dqliteUrlsNameTheClustersNodesAndTheDatabase() {
        PoolOptions many = DqliteConnectionFactoryProvider.poolOptions(
                ConnectionFactoryOptions.parse("r2dbc:dqlite://10.0.0.1:9001,10.0.0.2:9001/app.db?readers=2&busyTimeout=PT9S"));
        assertThat(many.connectOptions().database()).isEqualTo("dqlite://10.0.0.1:9001,10.0.0.2:9001/app.db");
        assertThat(many.connectOptions().engine()).isEqualTo("dqlite");
        assertThat(many.connectOptions().busyTimeout()).isEqualTo(Duration.ofSeconds(9));
        assertThat(many.readers()).isEqualTo(2);
        PoolOptions one = DqliteConnectionFactoryProvider.poolOptions(ConnectionFactoryOptions.parse("r2dbc:dqlite://10.0.0.1:9001/app.db"));
        assertThat(one.connectOptions().database()).isEqualTo("dqlite://10.0.0.1:9001/app.db");
        assertThatThrownBy(() -> DqliteConnectionFactoryProvider.poolOptions(
                ConnectionFactoryOptions.parse("r2dbc:dqlite://10.0.0.1:9001/app.db?readOnly=true")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("readOnly");
        assertThat(new DqliteConnectionFactoryProvider().supports(ConnectionFactoryOptions.parse("r2dbc:dqlite://h:1/d"))).isTrue();
        assertThat(new SqliteConnectionFactoryProvider().supports(ConnectionFactoryOptions.parse("r2dbc:dqlite://h:1/d"))).isFalse();
    }

    @Test
    void badOptionsAreRefusedWithTheirName() {
        assertThatThrownBy(() -> options("r2dbc:sqlite:///tmp/x.db?readers=many"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("readers");
        assertThatThrownBy(() -> options("r2dbc:sqlite:///tmp/x.db?busyTimeout=soon"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("busyTimeout");
        assertThatThrownBy(() -> options("r2dbc:sqlite:///tmp/x.db?readOnly=maybe"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("readOnly");
        assertThatThrownBy(() -> options("r2dbc:sqlite:///tmp/x.db?pragmas=foreign_keys"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pragmas");
        assertThatThrownBy(() -> options("r2dbc:sqlite://somehost/x.db"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no host");
        assertThatThrownBy(() -> SqliteConnectionFactoryProvider.parseUrl("r2dbc:h2:mem:///x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("r2dbc:sqlite:");
    }

    @Test
    void connectionFactoriesFindsTheDriverByItsUrl() {
        ConnectionFactory factory = ConnectionFactories.get("r2dbc:sqlite://" + dir.resolve("found.db").toAbsolutePath()
                + "?readers=1");
        try {
            assertThat(factory).isInstanceOf(SqliteConnectionFactory.class);
            assertThat(factory.getMetadata().getName()).isEqualTo("SQLite");
            Connection connection = Mono.from(factory.create()).block(WAIT);
            assertThat(connection.getMetadata().getDatabaseProductName()).isEqualTo("SQLite");
            assertThat(connection.getMetadata().getDatabaseVersion()).matches("3\\.\\d+\\.\\d+.*");
            assertThat(Flux.from(connection.createStatement("PRAGMA journal_mode").execute())
                    .concatMap(r -> r.map((row, meta) -> row.get(0, String.class))).blockLast(WAIT))
                    .as("the pool's writer turns WAL on").isEqualToIgnoringCase("wal");
            Mono.from(connection.close()).block(WAIT);
        } finally {
            ((SqliteConnectionFactory) factory).close();
        }
    }

    @Test
    void anInMemoryDatabaseIsSharedByTheFactorysConnections() {
        SqliteConnectionFactory factory = (SqliteConnectionFactory) ConnectionFactories.get(
                SqliteConnectionFactoryProvider.parseUrl("r2dbc:sqlite::memory:"));
        try {
            Connection a = Mono.from(factory.create()).block(WAIT);
            Connection b = Mono.from(factory.create()).block(WAIT);
            Flux.from(a.createStatement("CREATE TABLE t(x); INSERT INTO t VALUES (1)").execute())
                    .concatMap(r -> r.getRowsUpdated()).blockLast(WAIT);
            assertThat(Flux.from(b.createStatement("SELECT x FROM t").execute())
                    .concatMap(r -> r.map((row, meta) -> row.get(0))).blockLast(WAIT)).isEqualTo(1);
        } finally {
            factory.close();
        }
    }
}
