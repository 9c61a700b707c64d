package dev.asyncsqlite;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PoolTest {
    private static final int ACCOUNTS = 50;
    private static final long START_BALANCE = 1_000;

    @TempDir
    Path dir;

    private static <T> T await(CompletableFuture<T> f) throws Exception {
        return f.get(60, SECONDS);
    }

    private Pool open(PoolOptions.Builder options) throws Exception {
        Pool pool = await(AsyncSqlite.pool(options.build()));
        await(pool.executeFetchAll("CREATE TABLE IF NOT EXISTS account(id INTEGER PRIMARY KEY, balance INTEGER NOT NULL)"));
        return pool;
    }

    private PoolOptions.Builder options() {
        return PoolOptions.builder(dir.resolve("pool.db").toString()).readers(4);
    }

    private Throwable failure(CompletableFuture<?> f) {
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> f.get(60, SECONDS));
        assertThat(t).isInstanceOf(ExecutionException.class);
        return t.getCause();
    }

    @Test
    void concurrentTransfersNeverLockAndKeepTheTotal() throws Exception {
        try (Pool pool = open(options())) {
            List<Object[]> accounts = new ArrayList<>();
            for (int i = 0; i < ACCOUNTS; i++) {
                accounts.add(new Object[] {i, START_BALANCE});
            }
            await(pool.executeMany("INSERT INTO account VALUES (?, ?)", accounts));
            long expectedTotal = ACCOUNTS * START_BALANCE;
            ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
            AtomicLong committed = new AtomicLong();
            AtomicLong checks = new AtomicLong();
            List<CompletableFuture<?>> tasks = new ArrayList<>();
            for (int w = 0; w < 16; w++) {
                Random random = new Random(w);
                CompletableFuture<Object> chain = CompletableFuture.completedFuture(null);
                for (int i = 0; i < 40; i++) {
                    int from = random.nextInt(ACCOUNTS);
                    int to = random.nextInt(ACCOUNTS);
                    long amount = 1 + random.nextInt(20);
                    chain = chain.thenCompose(x -> pool.transaction(tx -> tx.execute(
                                    "UPDATE account SET balance = balance - ? WHERE id = ?", amount, from)
                            .thenCompose(c -> tx.execute("UPDATE account SET balance = balance + ? WHERE id = ?", amount, to))
                            .thenApply(c -> committed.incrementAndGet())))
                            .handle((v, e) -> {
                                if (e != null) {
                                    errors.add(e);
                                }
                                return null;
                            });
                }
                tasks.add(chain);
            }
            for (int r = 0; r < 32; r++) {
                CompletableFuture<Object> chain = CompletableFuture.completedFuture(null);
                for (int i = 0; i < 40; i++) {
                    chain = chain.thenCompose(x -> pool.executeFetchAll("SELECT sum(balance) FROM account"))
                            .handle((rows, e) -> {
                                if (e != null) {
                                    errors.add(e);
                                } else if (rows.get(0).getLong(0) != expectedTotal) {
                                    errors.add(new AssertionError("a reader saw total " + rows.get(0).getLong(0)));
                                } else {
                                    checks.incrementAndGet();
                                }
                                return null;
                            });
                }
                tasks.add(chain);
            }
            await(CompletableFuture.allOf(tasks.toArray(new CompletableFuture<?>[0])));
            assertThat(errors).isEmpty();
            assertThat(committed.get()).isEqualTo(16 * 40);
            assertThat(checks.get()).isEqualTo(32 * 40);
            assertThat(await(pool.executeFetchAll("SELECT sum(balance) FROM account")).get(0).getLong(0)).isEqualTo(expectedTotal);
            PoolStats stats = pool.stats();
            assertThat(stats.reads()).isGreaterThanOrEqualTo(32 * 40);
            assertThat(stats.rejected()).isZero();
        }
        try (Connection check = await(AsyncSqlite.connect(dir.resolve("pool.db")))) {
            assertThat(await(check.executeFetchAll("SELECT sum(balance) FROM account")).get(0).getLong(0))
                    .isEqualTo(ACCOUNTS * START_BALANCE);
        }
    }

    @Test
    void selectsRunOnReadersAndEverythingElseOnTheWriter() throws Exception {
        try (Pool pool = open(options())) {
            PoolStats before = pool.stats();
            await(pool.executeFetchAll("SELECT 1"));
            await(pool.executeFetchAll("WITH x AS (SELECT 1) SELECT * FROM x"));
            await(pool.execute("VALUES (1), (2)"));
            PoolStats afterReads = pool.stats();
            assertThat(afterReads.reads() - before.reads()).isEqualTo(3);
            assertThat(afterReads.writes()).isEqualTo(before.writes());
            await(pool.execute("INSERT INTO account VALUES (1, 10)"));
            await(pool.execute("WITH x(v) AS (SELECT 20) INSERT INTO account SELECT 2, v FROM x"));
            await(pool.execute("PRAGMA user_version = 5"));
            await(pool.transaction(tx -> tx.executeFetchAll("SELECT * FROM account")));
            PoolStats afterWrites = pool.stats();
            assertThat(afterWrites.writes() - afterReads.writes()).isEqualTo(4);
            assertThat(afterWrites.reads()).isEqualTo(afterReads.reads());
            assertThat(await(pool.executeFetchAll("SELECT sum(balance) FROM account")).get(0).getLong(0)).isEqualTo(30);
            assertThat(await(pool.executeFetchAll("PRAGMA user_version")).get(0).getLong(0)).isEqualTo(5);
        }
    }

    @Test
    void aReaderNeverWrites() throws Exception {
        try (Pool pool = open(options())) {
            Throwable e = failure(pool.read(c -> c.execute("INSERT INTO account VALUES (1, 1)")));
            assertThat(e).isInstanceOf(ReadOnlyException.class);
            assertThat(await(pool.read(c -> c.executeFetchAll("PRAGMA query_only"))).get(0).getLong(0)).isEqualTo(1);
        }
    }

    // Keeps a reader busy until 'hold' completes; returns once the reader is held.
    private static CompletableFuture<Void> holdTheReader(Pool pool, CompletableFuture<Void> hold) throws Exception {
        CountDownLatch held = new CountDownLatch(1);
        CompletableFuture<Void> holder = pool.read(c -> {
            held.countDown();
            return hold;
        });
        assertThat(held.await(10, SECONDS)).isTrue();
        return holder;
    }

    @Test
    void aReadFindingNoFreeReaderInTimeFailsClearly() throws Exception {
        try (Pool pool = open(options().readers(1).acquireTimeout(Duration.ofMillis(100)))) {
            CompletableFuture<Void> hold = new CompletableFuture<>();
            CompletableFuture<Void> holder = holdTheReader(pool, hold);
            Throwable e = failure(pool.executeFetchAll("SELECT 1"));
            assertThat(e).isInstanceOf(BusyException.class).hasMessageContaining("no reader became free");
            assertThat(pool.stats().timedOut()).isEqualTo(1);
            hold.complete(null);
            await(holder);
            assertThat(await(pool.executeFetchAll("SELECT 1"))).hasSize(1);
        }
    }

    @Test
    void everyReadStillWaitingWhenItsTimeRunsOutFails() throws Exception {
        try (Pool pool = open(options().readers(1).acquireTimeout(Duration.ofMillis(100)))) {
            CompletableFuture<Void> hold = new CompletableFuture<>();
            CompletableFuture<Void> holder = holdTheReader(pool, hold);
            List<CompletableFuture<List<Row>>> waiting = new java.util.ArrayList<>();
            for (int i = 0; i < 3; i++) {
                waiting.add(pool.executeFetchAll("SELECT ?", i));
            }
            for (CompletableFuture<List<Row>> f : waiting) {
                assertThat(failure(f)).isInstanceOf(BusyException.class);
            }
            assertThat(pool.stats().timedOut()).isEqualTo(3);
            hold.complete(null);
            await(holder);
        }
    }

    @Test
    void aWaitingReadThatIsCancelledNeverRuns() throws Exception {
        try (Pool pool = open(options().readers(1))) {
            CompletableFuture<Void> hold = new CompletableFuture<>();
            CompletableFuture<Void> holder = holdTheReader(pool, hold);
            java.util.concurrent.atomic.AtomicInteger ran = new java.util.concurrent.atomic.AtomicInteger();
            CompletableFuture<Object> cancelled = pool.read(c -> {
                ran.incrementAndGet();
                return CompletableFuture.completedFuture(null);
            });
            assertThat(cancelled.cancel(true)).isTrue();
            hold.complete(null);
            await(holder);
            assertThat(await(pool.executeFetchAll("SELECT 1"))).hasSize(1);
            assertThat(ran).hasValue(0);
        }
    }

    @Test
    void aFullReadQueueRefusesFurtherReads() throws Exception {
        try (Pool pool = open(options().readers(1).maxQueuedReads(2))) {
            CompletableFuture<Void> hold = new CompletableFuture<>();
            CompletableFuture<Void> holder = pool.read(c -> hold);
            CompletableFuture<List<Row>> queued1 = pool.executeFetchAll("SELECT 1");
            CompletableFuture<List<Row>> queued2 = pool.executeFetchAll("SELECT 2");
            Throwable e = failure(pool.executeFetchAll("SELECT 3"));
            assertThat(e).isInstanceOf(BusyException.class).hasMessageContaining("maxQueuedReads");
            hold.complete(null);
            await(holder);
            assertThat(await(queued1).get(0).getLong(0)).isEqualTo(1);
            assertThat(await(queued2).get(0).getLong(0)).isEqualTo(2);
            assertThat(pool.stats().rejected()).isEqualTo(1);
        }
    }

    @Test
    void closingWhileBusyCompletesOrFailsEverythingClearly() throws Exception {
        Pool pool = open(options().readers(1));
        CompletableFuture<Void> hold = new CompletableFuture<>();
        CompletableFuture<Void> holder = pool.read(c -> hold);
        CompletableFuture<List<Row>> waiting = pool.executeFetchAll("SELECT 1");
        CompletableFuture<Cursor> write = pool.execute("INSERT INTO account VALUES (7, 7)");
        CompletableFuture<Void> closed = pool.closeAsync();
        assertThat(failure(waiting)).isInstanceOf(ConnectionClosedException.class);
        assertThat(pool.executeFetchAll("SELECT 1")).isCompletedExceptionally();
        await(write);
        hold.complete(null);
        await(holder);
        await(closed);
        assertThat(pool.isClosed()).isTrue();
        try (Connection check = await(AsyncSqlite.connect(dir.resolve("pool.db")))) {
            assertThat(await(check.executeFetchAll("SELECT balance FROM account WHERE id = 7")).get(0).getLong(0)).isEqualTo(7);
        }
    }

    @Test
    void aReaderThatDiesIsReplacedWithItsSetUp() throws Exception {
        try (Pool pool = open(options().readers(1))) {
            await(pool.createFunction("twice", 1, args -> (Long) args[0] * 2, true));
            Throwable died = failure(pool.read(c -> c.closeAsync().thenCompose(x -> c.executeFetchAll("SELECT 1"))));
            assertThat(died).isInstanceOf(ConnectionClosedException.class);
            assertThat(await(pool.executeFetchAll("SELECT twice(21)")).get(0).getLong(0)).isEqualTo(42);
            assertThat(pool.stats().readersReplaced()).isEqualTo(1);
        }
    }

    @Test
    void aSetUpRefusedAtTheCallIsNotKeptForConnectionsOpenedLater() throws Exception {
        try (Pool pool = open(options().readers(1))) {
            assertThatThrownBy(() -> pool.createFunction("bad", 128, args -> 1L, true))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("128");
            await(pool.createFunction("twice", 1, args -> (Long) args[0] * 2, true));
            Throwable died = failure(pool.read(c -> c.closeAsync().thenCompose(x -> c.executeFetchAll("SELECT 1"))));
            assertThat(died).isInstanceOf(ConnectionClosedException.class);
            assertThat(await(pool.executeFetchAll("SELECT twice(21)")).get(0).getLong(0)).isEqualTo(42);
            assertThat(pool.stats().readersReplaced()).isEqualTo(1);
        }
    }

    @Test
    void badSqlFailsTheFutureInsteadOfThrowing() throws Exception {
        try (Pool pool = open(options())) {
            assertThat(failure(pool.executeFetchAll("SELECT 1 \u0000"))).isInstanceOf(ProgrammingException.class);
            assertThat(failure(pool.executeFetchAll("SELEC 1"))).isInstanceOf(ProgrammingException.class);
            assertThat(await(pool.executeFetchAll("SELECT 1"))).hasSize(1);
        }
    }

    @Test
    void anInMemoryDatabaseUsesOneConnectionForBoth() throws Exception {
        try (Pool pool = await(AsyncSqlite.pool(PoolOptions.builder(":memory:").build()))) {
            await(pool.execute("CREATE TABLE t(x)"));
            await(pool.execute("INSERT INTO t VALUES (1)"));
            assertThat(await(pool.executeFetchAll("SELECT x FROM t"))).hasSize(1);
            assertThat(pool.stats().readers()).isZero();
        }
    }
}
