package dev.asyncsqlite;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CancelAndTimeoutTest {
    private static final String ENDLESS = "WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r) SELECT count(*) FROM r";
    private static final String HUGE_INSERT = "INSERT INTO t SELECT i FROM (WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL"
            + " SELECT i + 1 FROM r WHERE i < 100000000) SELECT i FROM r)";

    @TempDir
    Path dir;

    private Connection db;

    @BeforeEach
    void open() throws Exception {
        db = AsyncSqlite.connect(ConnectOptions.builder(dir.resolve("c.db")).isolationLevel(IsolationLevel.AUTOCOMMIT).build())
                .get(10, SECONDS);
        db.execute("CREATE TABLE t(x)").get(10, SECONDS);
    }

    @AfterEach
    void close() {
        db.close();
    }

    // Starts an endless statement and returns once it runs on the worker.
    private CompletableFuture<Object> running(String sql) throws InterruptedException {
        CountDownLatch started = new CountDownLatch(1);
        CompletableFuture<Object> f = db.call(c -> {
            started.countDown();
            c.update(sql);
            return null;
        });
        assertThat(started.await(10, SECONDS)).isTrue();
        return f;
    }

    private long count() throws Exception {
        return db.executeFetchAll("SELECT count(*) FROM t").get(10, SECONDS).get(0).getLong(0);
    }

    @Test
    void cancellingARunningQueryStopsItAndTheNextStatementRuns() throws Exception {
        CompletableFuture<Object> query = running(ENDLESS);
        long before = System.nanoTime();
        assertThat(query.cancel(true)).isTrue();
        assertThat(query).isCancelled();
        assertThat(db.executeFetchAll("SELECT 42").get(10, SECONDS).get(0).getLong(0)).isEqualTo(42);
        long micros = TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - before);
        System.out.println("cancel to next result: " + micros + " µs");
    }

    @Test
    void aCancelledQueuedStatementNeverRuns() throws Exception {
        CompletableFuture<Void> release = new CompletableFuture<>();
        CountDownLatch held = new CountDownLatch(1);
        CompletableFuture<Object> holder = db.call(c -> {
            held.countDown();
            return release.get(10, SECONDS);
        });
        assertThat(held.await(10, SECONDS)).isTrue();
        CompletableFuture<Cursor> queued = db.execute("INSERT INTO t VALUES (1)");
        assertThat(queued.cancel(true)).isTrue();
        release.complete(null);
        holder.get(10, SECONDS);
        assertThat(count()).isZero();
    }

    @Test
    void orTimeoutOnARunningQueryInterruptsIt() throws Exception {
        CompletableFuture<List<Row>> query = db.executeFetchAll(ENDLESS);
        query.orTimeout(50, TimeUnit.MILLISECONDS);
        Throwable e = org.assertj.core.api.Assertions.catchThrowable(() -> query.get(10, SECONDS));
        assertThat(e).isInstanceOf(ExecutionException.class).cause().isInstanceOf(TimeoutException.class);
        assertThat(db.executeFetchAll("SELECT 1").get(10, SECONDS)).hasSize(1);
    }

    @Test
    void theOperationTimeoutOptionAppliesToEveryOperation() throws Exception {
        ConnectOptions options = ConnectOptions.builder(":memory:").operationTimeout(Duration.ofMillis(50)).build();
        try (Connection limited = AsyncSqlite.connect(options).get(10, SECONDS)) {
            Throwable e = org.assertj.core.api.Assertions.catchThrowable(() -> limited.executeFetchAll(ENDLESS).get(10, SECONDS));
            assertThat(e).isInstanceOf(ExecutionException.class).cause().isInstanceOf(TimeoutException.class);
            assertThat(limited.executeFetchAll("SELECT 7").get(10, SECONDS).get(0).getLong(0)).isEqualTo(7);
        }
    }

    @Test
    void aCancelledInsertLeavesNoRow() throws Exception {
        CompletableFuture<Object> insert = running(HUGE_INSERT);
        assertThat(insert.cancel(true)).isTrue();
        assertThatCancelled(insert);
        assertThat(count()).isZero();
    }

    @Test
    void interruptStopsTheRunningStatementWithSqliteInterrupt() throws Exception {
        CompletableFuture<Object> query = running(ENDLESS);
        // SQLite forgets an interrupt that arrives just before a statement starts: repeat until seen.
        while (!query.isDone()) {
            db.interrupt();
            try {
                query.get(1, TimeUnit.MILLISECONDS);
            } catch (TimeoutException | ExecutionException stillRunningOrDone) {
                // loop
            }
        }
        Throwable e = org.assertj.core.api.Assertions.catchThrowable(() -> query.get(10, SECONDS));
        assertThat(e.getCause()).isInstanceOf(SqliteInterruptedException.class);
        assertThat(((SqliteException) e.getCause()).resultCode()).isEqualTo(SqliteException.SQLITE_INTERRUPT);
        assertThat(db.executeFetchAll("SELECT 1").get(10, SECONDS)).hasSize(1);
    }

    @Test
    void cancellingAFinishedOperationChangesNothing() throws Exception {
        CompletableFuture<Cursor> done = db.execute("INSERT INTO t VALUES (1)");
        done.get(10, SECONDS);
        assertThat(done.cancel(true)).isFalse();
        assertThat(count()).isEqualTo(1);
    }

    private static void assertThatCancelled(CompletableFuture<?> f) {
        Throwable e = org.assertj.core.api.Assertions.catchThrowable(() -> f.get(10, SECONDS));
        assertThat(e).isInstanceOf(CancellationException.class);
    }
}
