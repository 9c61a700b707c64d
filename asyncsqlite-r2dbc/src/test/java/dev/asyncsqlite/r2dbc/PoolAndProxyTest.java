package dev.asyncsqlite.r2dbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncsqlite.PoolOptions;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.proxy.ProxyConnectionFactory;
import io.r2dbc.proxy.core.MethodExecutionInfo;
import io.r2dbc.proxy.listener.ProxyMethodExecutionListener;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.r2dbc.dialect.DialectResolver;
import org.springframework.r2dbc.core.binding.BindMarkersFactoryResolver;
import dev.asyncsqlite.r2dbc.spring.SqliteDialect;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * r2dbc-pool and r2dbc-proxy around the driver's factory, as applications stack them: many
 * concurrent readers and writers, some cancelled mid-query or mid-transaction, and every
 * connection goes back to the pool, every cancelled transaction is rolled back, nothing hangs.
 */
class PoolAndProxyTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private Path database;
    private SqliteConnectionFactory driver;
    private ConnectionPool pool;
    /** Connections the proxy saw the pool open and close on the driver. */
    private final AtomicInteger opened = new AtomicInteger();
    private final AtomicInteger closed = new AtomicInteger();

    @BeforeEach
    void setUp() {
        database = TestDatabases.newFile("pooled");
        driver = new SqliteConnectionFactory(PoolOptions.builder(database.toString()).readers(2).build());
        ConnectionFactory proxy = ProxyConnectionFactory.builder(driver).listener(new ProxyMethodExecutionListener() {
            @Override
            public void afterCreateOnConnectionFactory(MethodExecutionInfo info) {
                if (info.getThrown() == null) {
                    opened.incrementAndGet();
                }
            }

            @Override
            public void afterCloseOnConnection(MethodExecutionInfo info) {
                closed.incrementAndGet();
            }
        }).build();
        pool = new ConnectionPool(ConnectionPoolConfiguration.builder(proxy)
                .initialSize(0).maxSize(4).maxAcquireTime(WAIT).build());
        use(c -> Flux.from(c.createStatement("CREATE TABLE entry (task INTEGER NOT NULL, label TEXT NOT NULL);"
                        + "CREATE TABLE number (n INTEGER PRIMARY KEY);"
                        + "WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < 1000) "
                        + "INSERT INTO number SELECT n FROM s").execute())
                .concatMap(r -> r.getRowsUpdated())).blockLast(WAIT);
    }

    @AfterEach
    void tearDown() {
        pool.dispose();
        driver.close();
        TestDatabases.delete(database);
    }

    private <T> Flux<T> use(Function<Connection, Flux<T>> work) {
        return Flux.usingWhen(pool.create(), work, Connection::close);
    }

    private static Mono<Long> insert(Connection c, int task, String label) {
        return Flux.from(c.createStatement("INSERT INTO entry (task, label) VALUES (?, ?)").bind(0, task).bind(1, label).execute())
                .concatMap(r -> r.getRowsUpdated()).reduce(0L, Long::sum);
    }

    private long count(String sql) {
        return use(c -> Flux.from(c.createStatement(sql).execute()).concatMap(r -> r.map((row, meta) -> row.get(0, Long.class))))
                .blockLast(WAIT);
    }

    @Test
    void springFindsTheDialectAndBindMarkersThroughThePoolAndTheProxy() {
        assertThat(DialectResolver.getDialect(pool)).isInstanceOf(SqliteDialect.class);
        assertThat(BindMarkersFactoryResolver.resolve(pool)).isSameAs(SqliteDialect.INSTANCE.getBindMarkersFactory());
    }

    @Test
    void aPoolUrlWrapsTheDriver() {
        ConnectionFactory byUrl = ConnectionFactories.get("r2dbc:pool:sqlite://" + database + "?maxSize=3&busyTimeout=PT10S");
        try {
            assertThat(byUrl).isInstanceOf(ConnectionPool.class);
            assertThat(((ConnectionPool) byUrl).unwrap()).isInstanceOf(SqliteConnectionFactory.class);
            Long numbers = Flux.usingWhen(byUrl.create(),
                    c -> Flux.from(c.createStatement("SELECT count(*) FROM number").execute())
                            .concatMap(r -> r.map((row, meta) -> row.get(0, Long.class))),
                    Connection::close).blockLast(WAIT);
            assertThat(numbers).isEqualTo(1000L);
        } finally {
            ((ConnectionPool) byUrl).dispose();
            ((SqliteConnectionFactory) ((ConnectionPool) byUrl).unwrap()).close();
        }
    }

    @Test
    void concurrentReadsWritesAndCancellationsReleaseEveryConnectionAndKeepTransactionsWhole() throws InterruptedException {
        int tasks = 120;
        CountDownLatch released = new CountDownLatch(tasks);
        AtomicInteger committed = new AtomicInteger();
        AtomicInteger partialReads = new AtomicInteger();

        Flux.range(0, tasks).flatMap(task -> {
            Function<Connection, Mono<Void>> release = c -> Mono.from(c.close()).doFinally(s -> released.countDown());
            switch (task % 4) {
                case 0: // a transaction of two inserts, committed
                    return Mono.usingWhen(pool.create(),
                            c -> Mono.from(c.beginTransaction()).then(insert(c, task, "a")).then(insert(c, task, "b"))
                                    .then(Mono.from(c.commitTransaction())).doOnSuccess(v -> committed.incrementAndGet()),
                            release, (c, e) -> release.apply(c), release);
                case 1: // a read that runs to its end
                    return Flux.usingWhen(pool.create(),
                            c -> Flux.from(c.createStatement("SELECT count(*) FROM entry").execute())
                                    .concatMap(r -> r.map((row, meta) -> row.get(0, Long.class))),
                            release, (c, e) -> release.apply(c), release).then();
                case 2: // a read cancelled after three of its thousand rows
                    return Flux.usingWhen(pool.create(),
                            c -> Flux.from(c.createStatement("SELECT n FROM number ORDER BY n").execute())
                                    .concatMap(r -> r.map((row, meta) -> row.get(0, Integer.class))),
                            release, (c, e) -> release.apply(c), release)
                            .take(3).count().doOnNext(n -> partialReads.addAndGet(n.intValue())).then();
                default: // a transaction cancelled after its first insert
                    Sinks.One<Boolean> inserted = Sinks.one();
                    return Mono.usingWhen(pool.create(),
                            c -> Mono.from(c.beginTransaction()).then(insert(c, task, "lost"))
                                    .doOnSuccess(n -> inserted.tryEmitValue(true)).then(Mono.<Void>never()),
                            release, (c, e) -> release.apply(c), release)
                            .takeUntilOther(inserted.asMono());
            }
        }, 16).then().block(WAIT);

        assertThat(released.await(WAIT.toSeconds(), TimeUnit.SECONDS)).as("every connection closed back to the pool").isTrue();
        assertThat(pool.getMetrics().orElseThrow().acquiredSize()).isZero();
        assertThat(partialReads).hasValue(3 * (tasks / 4));
        assertThat(committed).hasValue(tasks / 4);
        assertThat(count("SELECT count(*) FROM entry WHERE label = 'lost'")).as("cancelled transactions rolled back").isZero();
        assertThat(count("SELECT count(*) FROM entry")).isEqualTo(2L * committed.get());
        assertThat(count("SELECT count(*) FROM (SELECT task FROM entry GROUP BY task HAVING count(*) <> 2)")).isZero();

        // The writer is free: a new transaction begins and commits at once.
        use(c -> Mono.from(c.beginTransaction()).then(insert(c, -1, "after")).then(Mono.from(c.commitTransaction())).flux())
                .blockLast(WAIT);
        assertThat(count("SELECT count(*) FROM entry WHERE task = -1")).isEqualTo(1L);

        pool.disposeLater().block(WAIT);
        assertThat(closed).as("the pool closed every connection it opened").hasValue(opened.get());
        assertThat(opened.get()).isBetween(1, 4);
    }
}
