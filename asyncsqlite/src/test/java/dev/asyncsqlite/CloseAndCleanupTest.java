package dev.asyncsqlite;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CloseAndCleanupTest {
    @TempDir
    Path dir;

    private static Thread workerOf(Connection db) {
        String name = db.toString().substring("Connection[".length(), db.toString().indexOf(','));
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(name)).findFirst().orElseThrow();
    }

    private static void assertClosedAtOnce(CompletableFuture<?> f) {
        assertThat(f).as("fails at once").isDone();
        Throwable e = org.assertj.core.api.Assertions.catchThrowable(f::get);
        assertThat(e).isInstanceOf(ExecutionException.class);
        assertThat(e.getCause()).isInstanceOfAny(ConnectionClosedException.class, IllegalStateException.class);
    }

    @Test
    void closeAsyncRunsEverythingQueuedBeforeIt() throws Exception {
        Path file = dir.resolve("q.db");
        Connection db = AsyncSqlite.connect(file).get(10, SECONDS);
        db.execute("CREATE TABLE t(x)");
        for (int i = 0; i < 100; i++) {
            db.execute("INSERT INTO t VALUES (?)", i);
        }
        db.commit();
        db.closeAsync().get(10, SECONDS);
        try (Connection check = AsyncSqlite.connect(file).get(10, SECONDS)) {
            assertThat(check.executeFetchAll("SELECT count(*) FROM t").get(10, SECONDS).get(0).getLong(0)).isEqualTo(100);
        }
    }

    @Test
    void closingTwiceIsFineAndTheThreadEnds() throws Exception {
        Connection db = AsyncSqlite.connect(":memory:").get(10, SECONDS);
        Thread worker = workerOf(db);
        assertThat(worker.isDaemon()).isTrue();
        db.close();
        db.close();
        db.closeAsync().get(10, SECONDS);
        worker.join(10_000);
        assertThat(worker.isAlive()).isFalse();
        assertThat(db.isClosed()).isTrue();
    }

    @Test
    void everyOperationAfterCloseFailsAtOnce() throws Exception {
        Connection db = AsyncSqlite.connect(":memory:").get(10, SECONDS);
        Cursor cursor = db.execute("WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r WHERE i < 1000) SELECT i FROM r")
                .get(10, SECONDS);
        db.close();
        List<Supplier<CompletableFuture<?>>> calls = List.of(
                () -> db.execute("SELECT 1"), () -> db.execute("SELECT :a", Map.of("a", 1)),
                () -> db.executeMany("SELECT 1", List.of()), () -> db.executeScript("SELECT 1"),
                () -> db.executeFetchAll("SELECT 1"), () -> db.executeInsert("SELECT 1"),
                () -> db.query("SELECT 1", r -> r), () -> db.call(c -> 1), () -> db.commit(), () -> db.rollback(),
                () -> db.cursor(), () -> db.inTransaction(), () -> db.totalChanges(), () -> db.isolationLevel(),
                () -> db.transaction(tx -> CompletableFuture.completedFuture(1)), () -> db.createFunction("f", 0, a -> 1),
                () -> db.dump(), () -> db.serialize(),
                cursor::fetchOne, cursor::fetchAll, () -> cursor.fetchMany(3), () -> cursor.execute("SELECT 1"));
        for (Supplier<CompletableFuture<?>> call : calls) {
            assertClosedAtOnce(call.get());
        }
        CompletableFuture<Throwable> error = new CompletableFuture<>();
        cursor.rows().subscribe(new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription s) {
                s.request(1);
            }

            @Override
            public void onNext(Row item) {
                error.complete(null);
            }

            @Override
            public void onError(Throwable t) {
                error.complete(t);
            }

            @Override
            public void onComplete() {
                error.complete(null);
            }
        });
        assertThat(error.get(10, SECONDS)).isInstanceOf(ConnectionClosedException.class);
    }

    @Test
    void interruptAfterCloseFailsAtOnceLikeEveryOtherOperation() throws Exception {
        Connection db = AsyncSqlite.connect(":memory:").get(10, SECONDS);
        db.interrupt();
        db.close();
        assertThatThrownBy(db::interrupt).isInstanceOf(ConnectionClosedException.class).hasMessageContaining("closed");
    }

    @Test
    void fetchesRacingACloseEachSucceedOrFailClearly() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            Connection db = AsyncSqlite.connect(":memory:").get(10, SECONDS);
            Cursor cursor = db.execute("WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r WHERE i < 100000) SELECT i FROM r")
                    .get(10, SECONDS);
            List<CompletableFuture<CompletableFuture<Optional<Row>>>> fetches = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                fetches.add(CompletableFuture.supplyAsync(cursor::fetchOne, pool));
                if (i == 50) {
                    db.closeAsync();
                }
            }
            for (CompletableFuture<CompletableFuture<Optional<Row>>> f : fetches) {
                try {
                    f.get(10, SECONDS).get(10, SECONDS);
                } catch (ExecutionException e) {
                    assertThat(e.getCause()).isInstanceOfAny(ConnectionClosedException.class, IllegalStateException.class);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aConnectionDroppedWithoutCloseIsClosedByTheCleaner() throws Exception {
        Thread worker = dropConnection();
        long deadline = System.nanoTime() + SECONDS.toNanos(30);
        while (worker.isAlive() && System.nanoTime() < deadline) {
            System.gc();
            worker.join(100);
        }
        assertThat(worker.isAlive()).as("the cleaner closed the dropped connection").isFalse();
    }

    private static Thread dropConnection() throws Exception {
        Connection db = AsyncSqlite.connect(":memory:").get(10, SECONDS);
        db.execute("SELECT 1").get(10, SECONDS);
        return workerOf(db);
    }

    @Test
    void blockingOnTheConnectionFromItsOwnWorkerThrowsInsteadOfDeadlocking() throws Exception {
        try (Connection db = AsyncSqlite.connect(":memory:").get(10, SECONDS)) {
            CompletableFuture<Object> inCall = db.call(c -> db.execute("SELECT 1").join());
            Throwable e = org.assertj.core.api.Assertions.catchThrowable(() -> inCall.get(10, SECONDS));
            assertThat(e.getCause()).isInstanceOf(IllegalStateException.class).hasMessageContaining("deadlock");

            // Hold the worker so the chained step is registered before its future completes, and so
            // runs on the worker.
            CompletableFuture<Void> gate = new CompletableFuture<>();
            CompletableFuture<Object> held = db.call(c -> gate.get(10, SECONDS));
            CompletableFuture<Object> chained = db.execute("SELECT 1").thenApply(c -> db.executeFetchAll("SELECT 2").join());
            gate.complete(null);
            held.get(10, SECONDS);
            Throwable chainedError = org.assertj.core.api.Assertions.catchThrowable(() -> chained.get(10, SECONDS));
            assertThat(chainedError.getCause()).isInstanceOf(IllegalStateException.class);

            CompletableFuture<Object> closing = db.call(c -> {
                db.close();
                return null;
            });
            assertThatThrownBy(() -> closing.get(10, SECONDS)).cause().isInstanceOf(IllegalStateException.class);
            assertThat(db.executeFetchAll("SELECT 3").get(10, SECONDS)).hasSize(1);
        }
    }

    @Test
    void connectingToAnImpossiblePathFailsClearlyAndLeavesNoThread() throws Exception {
        long before = workerThreads();
        Path impossible = dir.resolve("missing-dir").resolve("x.db");
        Throwable e = org.assertj.core.api.Assertions.catchThrowable(() -> AsyncSqlite.connect(impossible).get(10, SECONDS));
        assertThat(e.getCause()).isInstanceOf(OperationalException.class);
        assertThat(((SqliteException) e.getCause()).resultCode()).isEqualTo(SqliteException.SQLITE_CANTOPEN);
        Path directory = Files.createDirectory(dir.resolve("a-directory"));
        Throwable e2 = org.assertj.core.api.Assertions.catchThrowable(() -> AsyncSqlite.connect(directory).get(10, SECONDS));
        assertThat(e2.getCause()).isInstanceOf(SqliteException.class);
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("asyncsqlite-")) {
                t.join(10_000);
            }
        }
        assertThat(workerThreads()).isLessThanOrEqualTo(before);
    }

    @Test
    void aThousandConnectionsLeaveNoThreadBehind() throws Exception {
        long before = workerThreads();
        for (int i = 0; i < 1000; i++) {
            try (Connection db = AsyncSqlite.connect(":memory:").get(10, SECONDS)) {
                db.execute("SELECT 1").get(10, SECONDS);
            }
        }
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("asyncsqlite-")) {
                t.join(10_000);
            }
        }
        assertThat(workerThreads()).isLessThanOrEqualTo(before);
    }

    @Test
    void theCleanersThreadIsNotNamedLikeAConnectionsThread() throws Exception {
        try (Connection db = AsyncSqlite.connect(":memory:").get(10, SECONDS)) {
            db.execute("SELECT 1").get(10, SECONDS);
        }
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("asyncsqlite-")) {
                t.join(10_000);
            }
        }
        // A leak check that counts threads named like connection threads finds none once every
        // connection is gone, though the shared cleaner thread lives on.
        assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName).contains("asyncsqlite.cleaner");
        assertThat(workerThreads()).isZero();
    }

    private static long workerThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("asyncsqlite-"))
                .count();
    }
}
