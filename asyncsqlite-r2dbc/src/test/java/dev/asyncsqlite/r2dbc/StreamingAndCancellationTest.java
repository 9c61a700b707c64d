package dev.asyncsqlite.r2dbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.asyncsqlite.PoolOptions;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.R2dbcTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reactivestreams.Subscription;
import reactor.core.Disposable;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.SignalType;
import reactor.core.publisher.Mono;

/**
 * Back-pressure and cancellation: rows are read from SQLite only as they are requested, and a
 * cancelled query stops on its worker and leaves the pool's connection free.
 */
class StreamingAndCancellationTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String ENDLESS =
            "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(begun(x)) FROM c";

    @TempDir
    Path dir;

    private SqliteConnectionFactory factory;
    private Connection connection;
    /** Rows SQLite has produced: tick(n) runs once for each row stepped. */
    private final AtomicLong stepped = new AtomicLong();
    private final CountDownLatch running = new CountDownLatch(1);

    @BeforeEach
    void setUp() {
        // One reader: a query that did not stop would keep the next one from running at all.
        factory = new SqliteConnectionFactory(PoolOptions.builder(dir.resolve("stream.db").toString()).readers(1).build());
        factory.pool().thenCompose(pool -> pool.createFunction("tick", 1, args -> {
            stepped.incrementAndGet();
            return args[0];
        }, false).thenCompose(x -> pool.createFunction("begun", 1, args -> {
            running.countDown();
            return args[0];
        }, false))).join();
        connection = Mono.from(factory.create()).block(WAIT);
        Flux.from(connection.createStatement(
                        "CREATE TABLE numbers (n INTEGER PRIMARY KEY);"
                                + "WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < 1000) "
                                + "INSERT INTO numbers SELECT n FROM s")
                .execute()).concatMap(r -> r.getRowsUpdated()).blockLast(WAIT);
    }

    @AfterEach
    void tearDown() {
        Mono.from(connection.close()).block(WAIT);
        factory.close();
    }

    // concatMap passes the subscriber's demand through to the rows; flatMap would prefetch 32.
    private Flux<Integer> numbers() {
        return Flux.from(connection.createStatement("SELECT tick(n) AS n FROM numbers").execute())
                .concatMap(result -> result.map((row, meta) -> row.get("n", Integer.class)));
    }

    /** Requests ten rows at a time, noting how many SQLite had read each time demand ran out. */
    private final class TenAtATime extends BaseSubscriber<Integer> {
        final List<Integer> received = new ArrayList<>();
        final List<Long> steppedAtEachPause = new ArrayList<>();
        final CountDownLatch done = new CountDownLatch(1);
        private final int cancelAfter;

        TenAtATime(int cancelAfter) {
            this.cancelAfter = cancelAfter;
        }

        @Override
        protected void hookOnSubscribe(Subscription subscription) {
            request(10);
        }

        @Override
        protected void hookOnNext(Integer value) {
            received.add(value);
            if (received.size() % 10 == 0) {
                // Demand is used up: nothing may be read until the next request.
                steppedAtEachPause.add(stepped.get());
                if (received.size() == cancelAfter) {
                    cancel();
                } else {
                    request(10);
                }
            }
        }

        @Override
        protected void hookFinally(SignalType type) {
            done.countDown();
        }
    }

    @Test
    void thousandRowsRequestedTenAtATimeArriveInOrderAndAreReadOnlyOnDemand() throws Exception {
        TenAtATime subscriber = new TenAtATime(-1);
        numbers().subscribe(subscriber);
        assertThat(subscriber.done.await(30, TimeUnit.SECONDS)).isTrue();

        assertThat(subscriber.received).hasSize(1000);
        for (int i = 0; i < 1000; i++) {
            assertThat(subscriber.received.get(i)).isEqualTo(i + 1);
        }
        assertThat(subscriber.steppedAtEachPause).hasSize(100);
        for (int pause = 0; pause < 100; pause++) {
            long delivered = (pause + 1) * 10L;
            // SQLite steps to the row after the last one read, to learn whether there is one.
            assertThat(subscriber.steppedAtEachPause.get(pause)).as("rows read when %d were delivered", delivered)
                    .isBetween(delivered, delivered + 1);
        }
    }

    @Test
    void fetchSizeBoundsTheRowsReadPerHop() throws Exception {
        List<Long> steppedAtEachRow = new ArrayList<>();
        Flux.from(connection.createStatement("SELECT tick(n) AS n FROM numbers").fetchSize(3).execute())
                .concatMap(result -> result.map((row, meta) -> row.get(0, Long.class)))
                .doOnNext(n -> steppedAtEachRow.add(stepped.get()))
                .blockLast(WAIT);
        assertThat(steppedAtEachRow).hasSize(1000);
        for (int i = 0; i < 1000; i++) {
            // Rows come in hops of three, unbounded demand or not.
            assertThat(steppedAtEachRow.get(i)).isLessThanOrEqualTo((i / 3 + 1) * 3L + 1);
        }
    }

    @Test
    void cancellingMidStreamStopsTheQueryAndFreesTheConnection() throws Exception {
        TenAtATime subscriber = new TenAtATime(50);
        numbers().subscribe(subscriber);
        assertThat(subscriber.done.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(subscriber.received).hasSize(50).startsWith(1, 2, 3).endsWith(50);
        long steppedAtCancel = stepped.get();
        assertThat(steppedAtCancel).isLessThanOrEqualTo(51);

        // The one reader runs the next query: it is free, and the cancelled statement was reset
        // before it (the worker runs in order), so no read transaction is left open...
        assertThat(Flux.from(connection.createStatement("SELECT count(*) FROM numbers").execute())
                .flatMap(r -> r.map((row, meta) -> row.get(0, Long.class))).blockLast(WAIT)).isEqualTo(1000L);
        assertThat(stepped.get()).as("no row is read after the cancellation").isEqualTo(steppedAtCancel);
        // ...which a full checkpoint proves: it cannot finish while a reader holds a snapshot.
        Mono.from(connection.createStatement("INSERT INTO numbers VALUES (1001)").execute())
                .flatMapMany(r -> r.getRowsUpdated()).blockLast(WAIT);
        List<Long> checkpoint = Flux.from(connection.createStatement("PRAGMA wal_checkpoint(TRUNCATE)").execute())
                .flatMap(r -> r.map((row, meta) -> row.get(0, Long.class))).collectList().block(WAIT);
        assertThat(checkpoint).as("busy flag of the checkpoint").containsExactly(0L);
    }

    @Test
    void cancellingARunningQueryInterruptsItOnItsWorker() throws Exception {
        Disposable subscription = Flux.from(connection.createStatement(ENDLESS).execute())
                .flatMap(r -> r.map((row, meta) -> row.get(0)))
                .subscribe(v -> { }, e -> { });
        assertThat(running.await(30, TimeUnit.SECONDS)).as("the endless query started").isTrue();
        subscription.dispose();

        // With one reader, this waits for the endless query: it returns only if that stopped.
        assertThat(Flux.from(connection.createStatement("SELECT 41 + 1").execute())
                .flatMap(r -> r.map((row, meta) -> row.get(0, Integer.class))).blockLast(WAIT)).isEqualTo(42);
    }

    @Test
    void aStatementTimeoutInterruptsTheStatementAndTheConnectionStaysUsable() {
        Mono.from(connection.setStatementTimeout(Duration.ofMillis(100))).block(WAIT);
        assertThatThrownBy(() -> Flux.from(connection.createStatement(ENDLESS).execute())
                .flatMap(r -> r.map((row, meta) -> row.get(0))).blockLast(WAIT))
                .isInstanceOf(R2dbcTimeoutException.class)
                .hasMessageContaining("timeout");
        Mono.from(connection.setStatementTimeout(Duration.ZERO)).block(WAIT);
        assertThat(Flux.from(connection.createStatement("SELECT count(*) FROM numbers").execute())
                .flatMap(r -> r.map((row, meta) -> row.get(0, Long.class))).blockLast(WAIT)).isEqualTo(1000L);
    }
}
