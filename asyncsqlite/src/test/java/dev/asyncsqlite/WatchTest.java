package dev.asyncsqlite;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live queries on a connection: when a watch emits, and when it does not.
 *
 * <p>A watch on a connection runs its queries on that connection's worker, in turn with the rest
 * of its work. So once a query submitted to the connection after a change has returned
 * ({@link #settled}), everything the change set off there (a run of the watch and its emission)
 * has happened; that is how these tests see that nothing was emitted, without waiting for time to
 * pass.
 */
class WatchTest {
    @TempDir
    Path dir;

    private static <T> T await(CompletableFuture<T> f) throws Exception {
        return f.get(Results.WAIT_SECONDS, SECONDS);
    }

    private ConnectOptions.Builder options(String name) {
        return ConnectOptions.builder(dir.resolve(name).toString()).isolationLevel(IsolationLevel.AUTOCOMMIT)
                .watchPollInterval(Duration.ZERO);
    }

    private Connection open(String name) throws Exception {
        return await(AsyncSqlite.connect(options(name).build()));
    }

    /**
     * A connection with the tables most tests use, and a counter of a query's runs: a query that
     * selects {@code runs() * 0} calls it once per run, and its result does not change with it.
     */
    private Connection schema(AtomicInteger runs) throws Exception {
        Connection db = open("watch.db");
        await(db.executeScript("CREATE TABLE a(id INTEGER PRIMARY KEY, x);"
                + "CREATE TABLE b(id INTEGER PRIMARY KEY, a_id, y);"
                + "CREATE TABLE c(id INTEGER PRIMARY KEY, z);"));
        await(db.createFunction("runs", 0, args -> (long) runs.incrementAndGet()));
        return db;
    }

    private static void settled(Connection db) throws Exception {
        await(db.executeFetchAll("SELECT 1"));
    }

    private static List<Long> column(List<Row> rows, int index) {
        List<Long> values = new ArrayList<>();
        rows.forEach(r -> values.add(r.getLong(index)));
        return values;
    }

    @Test
    void aWatchEmitsAtOnceAndAgainAfterEachCommit() throws Exception {
        try (Connection db = schema(new AtomicInteger())) {
            Results<List<Row>> results = Results.of(db.watch("SELECT x FROM a ORDER BY id"));
            assertThat(results.next()).isEmpty();

            await(db.execute("INSERT INTO a(x) VALUES (?)", 1));
            assertThat(column(results.next(), 0)).containsExactly(1L);

            await(db.transaction(tx -> tx.execute("INSERT INTO a(x) VALUES (2)")
                    .thenCompose(c -> tx.execute("UPDATE a SET x = 10 WHERE x = 1"))));
            assertThat(column(results.next(), 0)).containsExactly(10L, 2L);
            settled(db);
            assertThat(results.hasMore()).as("one emission per committed transaction").isFalse();
        }
    }

    @Test
    void aRolledBackTransactionIsNeverEmitted() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        try (Connection db = schema(runs)) {
            Results<List<Row>> results = Results.of(db.watch("SELECT count(*), runs() * 0 FROM a"));
            assertThat(results.next().get(0).getLong(0)).isZero();

            CompletableFuture<Cursor> failed = db.transaction(tx -> tx.execute("INSERT INTO a(x) VALUES (1)")
                    .thenCompose(c -> tx.execute("INSERT INTO nowhere VALUES (1)")));
            assertThat(failed).failsWithin(Duration.ofSeconds(Results.WAIT_SECONDS));
            await(db.execute("BEGIN"));
            await(db.execute("INSERT INTO a(x) VALUES (2)"));
            await(db.rollback());
            settled(db);

            assertThat(results.hasMore()).isFalse();
            assertThat(runs).as("rolled-back changes run nothing").hasValue(1);
            await(db.execute("INSERT INTO a(x) VALUES (3)"));
            assertThat(results.next().get(0).getLong(0)).isEqualTo(1);
        }
    }

    @Test
    void anUncommittedChangeIsNotEmittedUntilItCommits() throws Exception {
        try (Connection db = schema(new AtomicInteger())) {
            await(db.setIsolationLevel(IsolationLevel.DEFERRED));
            Results<List<Row>> results = Results.of(db.watch("SELECT x FROM a ORDER BY x"));
            assertThat(results.next()).isEmpty();

            await(db.execute("INSERT INTO a(x) VALUES (1)"));          // opens a transaction, not committed
            await(db.execute("INSERT INTO a(x) VALUES (2)"));
            settled(db);
            assertThat(results.hasMore()).isFalse();

            await(db.commit());
            assertThat(column(results.next(), 0)).containsExactly(1L, 2L);
        }
    }

    @Test
    void aWatchWaitsForTheTransactionOfItsConnectionAndSeesOnlyWhatOthersCommitted() throws Exception {
        try (Connection db = await(AsyncSqlite.connect(options("wal.db").pragma("journal_mode", "WAL").build()));
             Connection other = open("wal.db")) {
            await(db.execute("CREATE TABLE a(x)"));
            Results<List<Row>> results = Results.of(db.watch("SELECT x FROM a ORDER BY x"));
            assertThat(results.next()).isEmpty();

            await(db.execute("BEGIN"));
            await(db.executeFetchAll("SELECT count(*) FROM a"));        // db now reads from a snapshot
            await(other.execute("INSERT INTO a(x) VALUES (5)"));        // committed elsewhere: the watch must wait
            settled(db);
            assertThat(results.hasMore()).as("no run inside the connection's own transaction").isFalse();

            await(db.rollback());
            assertThat(column(results.next(), 0)).containsExactly(5L);
            settled(db);
            assertThat(results.hasMore()).isFalse();
        }
    }

    @Test
    void aCommitToATableTheQueryDoesNotReadRunsNothing() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        try (Connection db = schema(runs)) {
            Results<List<Row>> results = Results.of(db.watch("SELECT count(*), runs() * 0 FROM a"));
            results.next();

            await(db.execute("INSERT INTO c(z) VALUES (1)"));
            await(db.execute("UPDATE c SET z = 2"));
            settled(db);
            assertThat(runs).hasValue(1);
            assertThat(results.hasMore()).isFalse();
        }
    }

    @Test
    void aJoinTracksBothOfItsTables() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        try (Connection db = schema(runs)) {
            await(db.execute("INSERT INTO a(id, x) VALUES (1, 'one')"));
            Results<List<Row>> results = Results.of(db.watch(
                    "SELECT group_concat(a.x || '/' || b.y), runs() * 0 FROM a JOIN b ON b.a_id = a.id"));
            assertThat(results.next().get(0).getString(0)).isNull();

            await(db.execute("INSERT INTO b(a_id, y) VALUES (1, 'first')"));
            assertThat(results.next().get(0).getString(0)).isEqualTo("one/first");
            await(db.execute("UPDATE a SET x = 'uno'"));
            assertThat(results.next().get(0).getString(0)).isEqualTo("uno/first");
            await(db.execute("INSERT INTO c(z) VALUES (1)"));
            settled(db);
            assertThat(runs).hasValue(3);
        }
    }

    @Test
    void aViewTracksTheTablesBehindIt() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        try (Connection db = schema(runs)) {
            await(db.executeScript("CREATE VIEW ab AS SELECT a.x, b.y FROM a JOIN b ON b.a_id = a.id;"
                    + "CREATE VIEW counted AS SELECT (SELECT count(*) FROM ab) AS n;"));
            await(db.execute("INSERT INTO a(id, x) VALUES (1, 'one')"));
            Results<List<Row>> results = Results.of(db.watch("SELECT n, runs() * 0 FROM counted"));
            assertThat(results.next().get(0).getLong(0)).isZero();

            await(db.execute("INSERT INTO b(a_id, y) VALUES (1, 'first')"));
            assertThat(results.next().get(0).getLong(0)).isEqualTo(1);
            await(db.execute("DELETE FROM a WHERE id = 1"));
            assertThat(results.next().get(0).getLong(0)).isZero();
            await(db.execute("INSERT INTO c(z) VALUES (1)"));
            settled(db);
            assertThat(runs).hasValue(3);
        }
    }

    @Test
    void aChangeMadeByATriggerIsSeen() throws Exception {
        try (Connection db = schema(new AtomicInteger())) {
            await(db.execute("CREATE TRIGGER a_log AFTER INSERT ON a WHEN new.x > 5 BEGIN"
                    + " INSERT INTO c(z) VALUES (new.x); END"));
            Results<List<Row>> results = Results.of(db.watch("SELECT z FROM c"));
            assertThat(results.next()).isEmpty();

            await(db.execute("INSERT INTO a(x) VALUES (1)"));
            await(db.execute("INSERT INTO a(x) VALUES (7)"));
            assertThat(column(results.next(), 0)).containsExactly(7L);
            settled(db);
            assertThat(results.hasMore()).as("the insert the trigger skipped changed nothing").isFalse();
        }
    }

    @Test
    void changesTheUpdateHookCannotSeeStillRunTheWatch() throws Exception {
        try (Connection db = schema(new AtomicInteger())) {
            await(db.execute("CREATE TABLE w(k TEXT PRIMARY KEY, v) WITHOUT ROWID"));
            Results<List<Row>> keyed = Results.of(db.watch("SELECT k FROM w"));
            Results<List<Row>> all = Results.of(db.watch("SELECT count(*) FROM a"));
            assertThat(keyed.next()).isEmpty();
            assertThat(all.next().get(0).getLong(0)).isZero();

            await(db.execute("INSERT INTO w VALUES ('k', 1)"));
            assertThat(keyed.next().get(0).getString(0)).isEqualTo("k");
            await(db.execute("INSERT INTO a(x) VALUES (1), (2)"));
            assertThat(all.next().get(0).getLong(0)).isEqualTo(2);
            await(db.execute("DELETE FROM a"));                         // the truncate optimization
            assertThat(all.next().get(0).getLong(0)).isZero();
            settled(db);
            assertThat(keyed.hasMore()).isFalse();
        }
    }

    @Test
    void aQueryOnAVirtualTableRunsAgainAfterEveryCommitAndEmitsWhatChanged() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        try (Connection db = schema(runs)) {
            await(db.execute("CREATE VIRTUAL TABLE notes USING fts5(body)"));
            Results<List<Row>> results = Results.of(db.watch("SELECT count(*), runs() * 0 FROM notes WHERE notes MATCH 'milk'"));
            assertThat(results.next().get(0).getLong(0)).isZero();

            await(db.execute("INSERT INTO notes(body) VALUES ('buy milk')"));
            assertThat(results.next().get(0).getLong(0)).isEqualTo(1);
            // SQLite cannot say which tables a virtual table reads: any commit runs the query again,
            // and a result that did not change is not emitted.
            await(db.execute("INSERT INTO c(z) VALUES (1)"));
            settled(db);
            assertThat(runs).hasValue(3);
            assertThat(results.hasMore()).isFalse();
        }
    }

    @Test
    void rowsUndoneByRollbackToOrAFailedBatchAreNotEmitted() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        try (Connection db = schema(runs)) {
            Results<List<Row>> results = Results.of(db.watch("SELECT count(*), runs() * 0 FROM a"));
            assertThat(results.next().get(0).getLong(0)).isZero();

            await(db.execute("CREATE UNIQUE INDEX a_x ON a(x)"));
            settled(db);
            assertThat(results.hasMore()).as("a schema change that leaves the result as it was").isFalse();
            assertThat(db.executeMany("INSERT INTO a(x) VALUES (?)", List.of(List.of(1), List.of(2), List.of(1))))
                    .failsWithin(Duration.ofSeconds(Results.WAIT_SECONDS));
            await(db.transaction(tx -> tx.execute("SAVEPOINT s")
                    .thenCompose(c -> tx.execute("INSERT INTO a(x) VALUES (3)"))
                    .thenCompose(c -> tx.execute("ROLLBACK TO s"))
                    .thenCompose(c -> tx.execute("INSERT INTO c(z) VALUES (3)"))));
            settled(db);
            assertThat(results.hasMore()).isFalse();

            await(db.execute("INSERT INTO a(x) VALUES (4)"));
            assertThat(results.next().get(0).getLong(0)).isEqualTo(1);
        }
    }

    @Test
    void aPoolWatchRunsOnAReaderAndSeesWhatTheWriterCommits() throws Exception {
        try (Pool pool = await(AsyncSqlite.pool(PoolOptions.builder(options("pool.db").build()).readers(2).build()))) {
            await(pool.executeFetchAll("CREATE TABLE t(id INTEGER PRIMARY KEY, v)"));
            Results<List<Row>> results = Results.of(pool.watch("SELECT v FROM t ORDER BY id"));
            assertThat(results.next()).isEmpty();

            await(pool.executeInsert("INSERT INTO t(v) VALUES (?)", "autocommit"));
            assertThat(results.next()).extracting(r -> r.getString(0)).containsExactly("autocommit");
            CompletableFuture<Object> failed = pool.transaction(tx -> tx.execute("INSERT INTO t(v) VALUES ('undone')")
                    .thenCompose(c -> CompletableFuture.failedFuture(new IllegalStateException("rolled back"))));
            assertThat(failed).failsWithin(Duration.ofSeconds(Results.WAIT_SECONDS));
            await(pool.transaction(tx -> tx.execute("INSERT INTO t(v) VALUES ('in a transaction')")));
            assertThat(results.next()).extracting(r -> r.getString(0)).containsExactly("autocommit", "in a transaction");
            assertThat(pool.stats().reads()).as("the runs were reads of the pool").isGreaterThanOrEqualTo(3);
        }
    }

    @Test
    void aWriteFromAnotherConnectionOfTheProcessIsSeen() throws Exception {
        try (Connection db = schema(new AtomicInteger());
             Connection other = open("watch.db")) {
            Results<List<Row>> results = Results.of(db.watch("SELECT x FROM a"));
            assertThat(results.next()).isEmpty();
            await(other.execute("INSERT INTO a(x) VALUES (42)"));
            assertThat(column(results.next(), 0)).containsExactly(42L);
        }
    }

    @Test
    void tenThousandCommitsDuringARunCauseExactlyOneMoreRun() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger runs = new AtomicInteger();
        AtomicReference<Boolean> gated = new AtomicReference<>(false);
        // Without a sync to disk per commit, 10,000 commits take well under a second.
        ConnectOptions unsynced = options("pool.db").pragma("synchronous", "OFF").build();
        try (Pool pool = await(AsyncSqlite.pool(PoolOptions.builder(unsynced).readers(2).build()))) {
            await(pool.executeFetchAll("CREATE TABLE t(id INTEGER PRIMARY KEY, v)"));
            await(pool.createFunction("gate", 0, args -> {
                runs.incrementAndGet();
                if (gated.get()) {
                    entered.countDown();
                    if (!release.await(Results.WAIT_SECONDS, SECONDS)) {
                        throw new IllegalStateException("the test never opened the gate");
                    }
                }
                return 0L;
            }, false));
            Results<List<Row>> results = Results.of(pool.watch("SELECT count(*), gate() FROM t"));
            assertThat(results.next().get(0).getLong(0)).isZero();
            assertThat(runs).hasValue(1);

            gated.set(true);
            await(pool.executeInsert("INSERT INTO t(v) VALUES (0)"));
            assertThat(entered.await(Results.WAIT_SECONDS, SECONDS)).as("the second run started").isTrue();
            gated.set(false);
            // 10,000 transactions, each committed on its own while that run waits at the gate.
            await(pool.call(sync -> {
                for (int i = 1; i <= 10_000; i++) {
                    sync.insert("INSERT INTO t(v) VALUES (?)", i);
                }
                return null;
            }));
            release.countDown();

            List<Long> counts = new ArrayList<>();
            while (counts.isEmpty() || counts.get(counts.size() - 1) != 10_001L) {
                counts.add(results.next().get(0).getLong(0));
            }
            assertThat(runs).as("the first run, the one at the gate, and one for all 10,000 commits").hasValue(3);
            assertThat(counts).hasSizeLessThanOrEqualTo(2).last().isEqualTo(10_001L);
        }
    }

    @Test
    void aSlowSubscriberGetsTheNewestResultAndNoQueueOfStaleOnes() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        try (Connection db = schema(runs)) {
            Results<List<Row>> results = Results.onDemand();
            db.watch("SELECT count(*), runs() * 0 FROM a").subscribe(results);
            results.request(1);
            assertThat(results.next().get(0).getLong(0)).isZero();

            for (int i = 0; i < 5; i++) {
                await(db.execute("INSERT INTO a(x) VALUES (?)", i));
            }
            settled(db);
            assertThat(runs).as("no run while nobody asks").hasValue(1);
            assertThat(results.hasMore()).isFalse();

            results.request(1);
            assertThat(results.next().get(0).getLong(0)).isEqualTo(5);
            results.request(1);
            settled(db);
            assertThat(results.hasMore()).as("nothing changed since the newest result").isFalse();
            assertThat(runs).hasValue(2);
        }
    }

    @Test
    void aHeldResultIsDroppedForANewRunWhenTheDataChangesAgain() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        try (Connection db = schema(runs)) {
            Results<List<Row>> results = Results.onDemand();
            db.watch("SELECT count(*), runs() * 0 FROM a").subscribe(results);
            settled(db);
            // Subscribed but never asked: nothing ran.
            assertThat(runs).hasValue(0);
            results.request(1);
            assertThat(results.next().get(0).getLong(0)).isZero();

            await(db.execute("INSERT INTO a(x) VALUES (1)"));
            await(db.execute("INSERT INTO a(x) VALUES (2)"));
            results.request(2);
            assertThat(results.next().get(0).getLong(0)).isEqualTo(2);
            settled(db);
            assertThat(results.hasMore()).isFalse();
        }
    }

    @Test
    void cancellingAWatchInterruptsItsRunAndReleasesTheStatement() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger runs = new AtomicInteger();
        try (Connection db = schema(new AtomicInteger())) {
            await(db.createFunction("gate", 0, args -> {
                if (runs.incrementAndGet() == 2) {
                    entered.countDown();
                    release.await(Results.WAIT_SECONDS, SECONDS);
                }
                return 0L;
            }));
            await(db.execute("INSERT INTO a(x) VALUES (1), (2), (3)"));
            Results<List<Row>> results = Results.of(db.watch("SELECT count(*), gate() FROM a"));
            assertThat(results.next().get(0).getLong(0)).isEqualTo(3);

            await(db.execute("INSERT INTO a(x) VALUES (4)"));
            assertThat(entered.await(Results.WAIT_SECONDS, SECONDS)).isTrue();
            // Cancel while the run waits at the gate: the canceller waits (parked) for the worker
            // to stop the run, and the gate opens only then.
            Flow.Subscription subscription = results.subscription.get(Results.WAIT_SECONDS, SECONDS);
            Thread canceller = new Thread(subscription::cancel, "canceller");
            canceller.start();
            long deadline = System.nanoTime() + SECONDS.toNanos(Results.WAIT_SECONDS);
            while (canceller.getState() != Thread.State.TIMED_WAITING) {
                assertThat(canceller.isAlive()).as("the cancel waits for the run").isTrue();
                assertThat(System.nanoTime()).as("the canceller parks").isLessThan(deadline);
                Thread.onSpinWait();
            }
            release.countDown();
            canceller.join(SECONDS.toMillis(Results.WAIT_SECONDS));
            assertThat(canceller.isAlive()).isFalse();

            // DROP TABLE fails with SQLITE_LOCKED while a statement that reads the table is active.
            await(db.execute("DROP TABLE a"));
            settled(db);
            assertThat(results.hasMore()).as("the interrupted run emitted nothing").isFalse();
            assertThat(runs).as("the run at the gate was the last").hasValue(2);
            assertThat(results.completed).as("a cancelled watch sends no terminal signal").isNotDone();
        }
    }

    @Test
    void aCancelledWatchRunsNoMore() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        try (Connection db = schema(runs)) {
            Results<List<Row>> results = Results.of(db.watch("SELECT count(*), runs() * 0 FROM a"));
            results.next();
            results.cancel();
            await(db.execute("INSERT INTO a(x) VALUES (1)"));
            settled(db);
            assertThat(runs).hasValue(1);
            assertThat(results.hasMore()).isFalse();
            assertThat(results.completed).isNotDone();
        }
    }

    @Test
    void aWatchCompletesWhenItsConnectionCloses() throws Exception {
        Connection db = schema(new AtomicInteger());
        Results<List<Row>> results = Results.of(db.watch("SELECT x FROM a"));
        results.next();
        db.close();
        assertThat(results.end()).isNull();

        Results<List<Row>> late = Results.of(db.watch("SELECT x FROM a"));
        assertThat(late.end()).isInstanceOf(ConnectionClosedException.class);
    }

    @Test
    void aWatchedConnectionDroppedWithoutCloseIsStillClosedByItsCleaner() throws Exception {
        Results<List<Row>> results = Results.unbounded();
        Thread worker = dropWatchedConnection(results);
        long deadline = System.nanoTime() + SECONDS.toNanos(Results.WAIT_SECONDS);
        while (worker.isAlive() && System.nanoTime() < deadline) {
            System.gc();
            worker.join(100);
        }
        assertThat(worker.isAlive()).as("neither the watch nor its data_version check keeps the connection").isFalse();
        assertThat(results.end()).as("the watch completed with its connection").isNull();
    }

    // A watched connection with its data_version check running, which the test then loses.
    private Thread dropWatchedConnection(Results<List<Row>> results) throws Exception {
        Connection db = await(AsyncSqlite.connect(options("dropped.db").watchPollInterval(Duration.ofMillis(10)).build()));
        await(db.execute("CREATE TABLE t(x)"));
        db.watch("SELECT count(*) FROM t").subscribe(results);
        results.next();
        String name = db.toString().substring("Connection[".length(), db.toString().indexOf(','));
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void aRunThatFailsEndsTheWatchWithItsError() throws Exception {
        try (Connection db = schema(new AtomicInteger())) {
            Results<List<Row>> results = Results.of(db.watch("SELECT x FROM a"));
            results.next();
            await(db.execute("DROP TABLE a"));
            assertThat(results.end()).isInstanceOf(SqliteException.class).hasMessageContaining("no such table");
        }
    }

    @Test
    void aStatementThatIsNotOneQueryIsRefusedAtSubscription() throws Exception {
        try (Connection db = schema(new AtomicInteger())) {
            assertThat(Results.of(db.watch("DELETE FROM a")).end()).isInstanceOf(ProgrammingException.class)
                    .hasMessageContaining("SELECT");
            assertThat(Results.of(db.watch("SELECT 1; SELECT 2")).end()).isInstanceOf(ProgrammingException.class)
                    .hasMessageContaining("several statements");
            assertThat(Results.of(db.watch("SELECT * FROM a WHERE id = ?", new Object())).end())
                    .isInstanceOf(ParameterBindingException.class);
            assertThat(Results.of(db.watch("SELECT * FROM nowhere")).end()).isInstanceOf(SqliteException.class)
                    .hasMessageContaining("no such table");
            // The connection is fine.
            assertThat(await(db.executeFetchAll("SELECT count(*) FROM a")).get(0).getLong(0)).isZero();
        }
    }

    @Test
    void mappedResultsAreEmittedAsTheMapperBuildsThem() throws Exception {
        record Item(long id, long x) {
        }
        try (Connection db = schema(new AtomicInteger())) {
            Results<List<Item>> results = Results.of(db.watch("SELECT id, x FROM a WHERE x > ? ORDER BY id",
                    RowMapper.of(Item.class), 10));
            assertThat(results.next()).isEmpty();
            await(db.execute("INSERT INTO a(id, x) VALUES (1, 5), (2, 50)"));
            assertThat(results.next()).containsExactly(new Item(2, 50));
        }
    }

    @Test
    void eachSubscriptionIsAWatchOfItsOwn() throws Exception {
        try (Connection db = schema(new AtomicInteger())) {
            var publisher = db.watch("SELECT count(*) FROM a");
            Results<List<Row>> first = Results.of(publisher);
            assertThat(first.next().get(0).getLong(0)).isZero();
            await(db.execute("INSERT INTO a(x) VALUES (1)"));
            Results<List<Row>> second = Results.of(publisher);
            assertThat(first.next().get(0).getLong(0)).isEqualTo(1);
            assertThat(second.next().get(0).getLong(0)).isEqualTo(1);
            first.cancel();
            await(db.execute("INSERT INTO a(x) VALUES (2)"));
            assertThat(second.next().get(0).getLong(0)).isEqualTo(2);
        }
    }
}
