package dev.asyncsqlite;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConcurrentUseTest {
    @TempDir
    Path dir;

    @Test
    void operationsFromTwelveThreadsRunInEachThreadsSubmissionOrder() throws Exception {
        int threads = 12;
        int perThread = 200;
        try (Connection db = AsyncSqlite.connect(ConnectOptions.builder(dir.resolve("fifo.db"))
                .isolationLevel(IsolationLevel.AUTOCOMMIT).build()).get(10, SECONDS)) {
            db.execute("CREATE TABLE log(seq INTEGER PRIMARY KEY AUTOINCREMENT, thread INTEGER, n INTEGER)").get(10, SECONDS);
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            CountDownLatch start = new CountDownLatch(1);
            List<CompletableFuture<Void>> done = new ArrayList<>();
            try {
                for (int t = 0; t < threads; t++) {
                    int thread = t;
                    done.add(CompletableFuture.runAsync(() -> {
                        try {
                            start.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        CompletableFuture<?> last = null;
                        for (int n = 0; n < perThread; n++) {
                            last = db.execute("INSERT INTO log(thread, n) VALUES (?, ?)", thread, n);
                        }
                        last.join();
                    }, pool));
                }
                start.countDown();
                CompletableFuture.allOf(done.toArray(new CompletableFuture<?>[0])).get(60, SECONDS);
            } finally {
                pool.shutdownNow();
            }
            for (int t = 0; t < threads; t++) {
                List<Row> rows = db.executeFetchAll("SELECT n FROM log WHERE thread = ? ORDER BY seq", t).get(10, SECONDS);
                assertThat(rows).extracting(r -> r.getLong(0)).as("thread " + t)
                        .containsExactlyElementsOf(java.util.stream.LongStream.range(0, perThread).boxed().toList());
            }
        }
    }

    @Test
    void oneConnectionServesThreadsExecutorsAndChainsAtOnce() throws Exception {
        ExecutorService completions = Executors.newSingleThreadExecutor(r -> new Thread(r, "completions"));
        try (Connection db = AsyncSqlite.connect(ConnectOptions.builder(":memory:").completionExecutor(completions).build())
                .get(10, SECONDS)) {
            db.executeScript("CREATE TABLE t(x INTEGER);").get(10, SECONDS);
            List<CompletableFuture<?>> work = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                int v = i;
                work.add(CompletableFuture.supplyAsync(() -> db.executeInsert("INSERT INTO t VALUES (?)", v), ForkJoinPool.commonPool())
                        .thenCompose(f -> f));
                work.add(db.executeFetchAll("SELECT count(*) FROM t").thenCompose(rows -> db.execute("SELECT ?", v)));
            }
            // The worker is held until the stage below is attached, so the future is still open
            // then and its stage runs where futures complete, not on this thread.
            CompletableFuture<Void> gate = new CompletableFuture<>();
            CompletableFuture<Object> held = db.call(c -> gate.get(10, SECONDS));
            CompletableFuture<String> thread = db.executeFetchAll("SELECT 1").thenApply(r -> Thread.currentThread().getName());
            gate.complete(null);
            held.get(10, SECONDS);
            CompletableFuture.allOf(work.toArray(new CompletableFuture<?>[0])).get(30, SECONDS);
            assertThat(thread.get(10, SECONDS)).isEqualTo("completions");
            db.commit().get(10, SECONDS);
            assertThat(db.executeFetchAll("SELECT count(*), sum(x) FROM t").get(10, SECONDS).get(0).toArray())
                    .containsExactly(50L, 1225L);
        } finally {
            completions.shutdownNow();
        }
    }

    @Test
    void futuresCompleteOnTheWorkerThreadByDefault() throws Exception {
        try (Connection db = AsyncSqlite.connect(":memory:").get(10, SECONDS)) {
            CompletableFuture<Void> gate = new CompletableFuture<>();
            CompletableFuture<Object> held = db.call(c -> gate.get(10, SECONDS));
            CompletableFuture<String> where = db.executeFetchAll("SELECT 1").thenApply(r -> Thread.currentThread().getName());
            gate.complete(null);
            held.get(10, SECONDS);
            assertThat(where.get(10, SECONDS)).startsWith("asyncsqlite-");
        }
    }

    @Test
    void tenConnectionsWritingOneFileAllSucceedThroughTheBusyTimeout() throws Exception {
        for (String journal : List.of("WAL", "DELETE")) {
            Path file = dir.resolve("shared-" + journal + ".db");
            try (Connection setup = AsyncSqlite.connect(ConnectOptions.builder(file).pragma("journal_mode", journal).build())
                    .get(10, SECONDS)) {
                setup.executeScript("CREATE TABLE t(writer INTEGER, n INTEGER);").get(10, SECONDS);
            }
            List<Connection> writers = new ArrayList<>();
            List<CompletableFuture<?>> all = new ArrayList<>();
            try {
                for (int w = 0; w < 10; w++) {
                    Connection c = AsyncSqlite.connect(ConnectOptions.builder(file).isolationLevel(IsolationLevel.IMMEDIATE)
                            .busyTimeout(java.time.Duration.ofSeconds(30)).build()).get(10, SECONDS);
                    writers.add(c);
                    int writer = w;
                    CompletableFuture<?> chain = CompletableFuture.completedFuture(null);
                    for (int n = 0; n < 20; n++) {
                        int v = n;
                        chain = chain.thenCompose(x -> c.execute("INSERT INTO t VALUES (?, ?)", writer, v))
                                .thenCompose(x -> c.commit());
                    }
                    all.add(chain);
                }
                CompletableFuture.allOf(all.toArray(new CompletableFuture<?>[0])).get(120, SECONDS);
            } finally {
                writers.forEach(Connection::close);
            }
            try (Connection check = AsyncSqlite.connect(file).get(10, SECONDS)) {
                assertThat(check.executeFetchAll("SELECT count(*) FROM t").get(10, SECONDS).get(0).getLong(0))
                        .as(journal).isEqualTo(200);
            }
        }
    }
}
