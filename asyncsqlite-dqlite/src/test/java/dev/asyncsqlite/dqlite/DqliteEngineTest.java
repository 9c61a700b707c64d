package dev.asyncsqlite.dqlite;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.asyncsqlite.AsyncSqlite;
import dev.asyncsqlite.ConnectOptions;
import dev.asyncsqlite.Connection;
import dev.asyncsqlite.Cursor;
import dev.asyncsqlite.IntegrityConstraintException;
import dev.asyncsqlite.NotSupportedException;
import dev.asyncsqlite.Row;
import dev.asyncsqlite.SqliteException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The public API on a live three-node dqlite cluster on 127.0.0.1. */
class DqliteEngineTest {
    private static DqliteCluster cluster;
    private static int databases;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = DqliteCluster.start(3);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static <T> T await(CompletableFuture<T> f) throws Exception {
        return f.get(30, SECONDS);
    }

    /** A connection to a fresh database of the cluster. */
    private static Connection connect(String url) throws Exception {
        return await(AsyncSqlite.connect(ConnectOptions.builder(url).engine("dqlite").build()));
    }

    private static String freshDatabase() {
        return cluster.url("test" + (++databases) + ".db");
    }

    @Test
    void everySqliteTypeMakesTheRoundTrip() throws Exception {
        try (Connection db = connect(freshDatabase())) {
            await(db.execute("CREATE TABLE t (i INTEGER, r REAL, s TEXT, b BLOB, n)"));
            byte[] blob = {0, 1, 2, (byte) 0xff, 0, 7, 8, 9, 10};
            await(db.execute("INSERT INTO t VALUES (?, ?, ?, ?, ?)", Long.MIN_VALUE, 2.5, "héllo ✓ 世界", blob, null));
            await(db.execute("INSERT INTO t VALUES (?, ?, ?, ?, ?)", 42L, -1.25, "", new byte[0], null));
            List<Row> rows = await(db.executeFetchAll("SELECT i, r, s, b, n, typeof(b) FROM t ORDER BY rowid"));
            assertThat(rows.get(0).toArray()).containsExactly(Long.MIN_VALUE, 2.5, "héllo ✓ 世界", blob, null, "blob");
            assertThat(rows.get(1).toArray()).containsExactly(42L, -1.25, "", new byte[0], null, "blob");
        }
    }

    @Test
    void manyRowsArriveAcrossBatchesInOrder() throws Exception {
        try (Connection db = connect(freshDatabase())) {
            List<Row> rows = await(db.executeFetchAll(
                    "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 20000) SELECT x, printf('%0100d', x) FROM c"));
            assertThat(rows).hasSize(20_000);
            for (int i = 0; i < rows.size(); i++) {
                assertThat(rows.get(i).getLong(0)).isEqualTo(i + 1);
            }
        }
    }

    @Test
    void aScanReadsColumnsInPlaceWithSqlitesConversionsAcrossBatches() throws Exception {
        try (Connection db = connect(freshDatabase())) {
            await(db.executeScript("CREATE TABLE t(id INTEGER PRIMARY KEY, v);"
                    + "INSERT INTO t(v) VALUES (42), (2.7), ('12abc'), (x'0102'), (NULL), (''), (x'');"));
            List<String> seen = await(db.call(sync -> {
                List<String> out = new java.util.ArrayList<>();
                sync.scan("SELECT v FROM t ORDER BY id", v -> out.add(v.isNull(0) + "|" + v.getLong(0) + "|" + v.getDouble(0) + "|"
                        + v.getString(0) + "|" + (v.getBytes(0) == null ? "null" : v.getBytes(0).length)));
                return out;
            }));
            assertThat(seen).containsExactly("false|42|42.0|42|2", "false|2|2.7|2.7|3", "false|12|12.0|12abc|5",
                    "false|0|0.0|\u0001\u0002|2", "true|0|0.0|null|null", "false|0|0.0||0", "false|0|0.0||0");
            long[] sumAndCount = await(db.call(sync -> {
                long[] acc = new long[2];
                sync.scan("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 20000) SELECT x, printf('%0100d', x) FROM c",
                        v -> {
                            acc[0] += v.getLong(0) - Long.parseLong(v.getString(1));
                            acc[1]++;
                        });
                return acc;
            }));
            assertThat(sumAndCount).containsExactly(0, 20_000);
        }
    }

    @Test
    void changesAndLastRowIdComeFromTheLeader() throws Exception {
        try (Connection db = connect(freshDatabase())) {
            await(db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)"));
            assertThat(await(db.executeInsert("INSERT INTO t (v) VALUES ('a')"))).isEqualTo(1L);
            Cursor c = await(db.executeMany("INSERT INTO t (v) VALUES (?)", List.of(List.of("b"), List.of("c"))));
            assertThat(c.rowCount()).isEqualTo(2);
            assertThat(await(db.execute("UPDATE t SET v = 'z'")).rowCount()).isEqualTo(3);
            await(db.commit());
        }
    }

    @Test
    void interactiveTransactionsAreIsolatedBetweenConnections() throws Exception {
        String url = freshDatabase();
        try (Connection a = connect(url); Connection b = connect(url)) {
            await(a.execute("CREATE TABLE t (x INTEGER)"));
            await(a.commit());
            await(a.transaction(tx -> tx.execute("INSERT INTO t VALUES (1)")
                    .thenCompose(x -> b.executeFetchAll("SELECT count(*) FROM t"))
                    .thenApply(rows -> {
                        assertThat(rows.get(0).getLong(0)).as("b does not see a's uncommitted row").isZero();
                        return null;
                    })));
            assertThat(await(b.executeFetchAll("SELECT count(*) FROM t")).get(0).getLong(0)).isEqualTo(1);
        }
    }

    @Test
    void sqliteErrorsKeepTheirTypesAndTheConnectionStaysUsable() throws Exception {
        try (Connection db = connect(freshDatabase())) {
            await(db.execute("CREATE TABLE t (x INTEGER PRIMARY KEY)"));
            await(db.execute("INSERT INTO t VALUES (1)"));
            assertThatThrownBy(() -> await(db.execute("INSERT INTO t VALUES (1)")))
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(IntegrityConstraintException.class);
            assertThatThrownBy(() -> await(db.execute("SELEC 1")))
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(SqliteException.class)
                    .hasMessageContaining("syntax error");
            assertThat(await(db.executeFetchAll("SELECT count(*) FROM t")).get(0).getLong(0)).isEqualTo(1);
        }
    }

    @Test
    void aWriteWaitsForTheLockUpToTheBusyTimeoutThenFailsBusy() throws Exception {
        String url = freshDatabase();
        try (Connection holder = connect(url);
             Connection waiter = await(AsyncSqlite.connect(ConnectOptions.builder(url).engine("dqlite")
                     .busyTimeout(java.time.Duration.ofMillis(300)).build()))) {
            await(holder.execute("CREATE TABLE t (x INTEGER)"));
            await(holder.commit());
            CompletableFuture<Void> inserted = new CompletableFuture<>();
            CompletableFuture<Void> released = new CompletableFuture<>();
            CompletableFuture<Object> holding = holder.transaction(tx -> tx.execute("INSERT INTO t VALUES (1)")
                    .thenCompose(x -> {
                        inserted.complete(null);
                        return released;
                    }).thenApply(x -> null));
            // The holder has the write lock once its INSERT ran; its transaction waits on 'released'.
            await(inserted);
            assertThatThrownBy(() -> await(waiter.execute("INSERT INTO t VALUES (2)")))
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(dev.asyncsqlite.BusyException.class);
            await(waiter.rollback());
            released.complete(null);
            await(holding);
            await(waiter.execute("INSERT INTO t VALUES (3)"));
            await(waiter.commit());
            assertThat(await(waiter.executeFetchAll("SELECT x FROM t ORDER BY x"))).extracting(r -> r.getLong(0))
                    .containsExactly(1L, 3L);
        }
    }

    @Test
    void theLeaderIsFoundFromAFollowerAlone() throws Exception {
        String leader = cluster.leader();
        String follower = cluster.addresses().stream().filter(a -> !a.equals(leader)).findFirst().orElseThrow();
        try (Connection db = connect("dqlite://" + follower + "/follower.db")) {
            assertThat(await(db.executeFetchAll("SELECT 6 * 7")).get(0).getLong(0)).isEqualTo(42);
        }
    }

    @Test
    void closingACursorEarlyStopsItsQueryOnTheLeader() throws Exception {
        try (Connection db = connect(freshDatabase())) {
            Cursor c = await(db.execute("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT x FROM c"));
            List<Row> first = await(c.fetchMany(100));
            assertThat(first).hasSize(100);
            await(c.closeAsync());
            assertThat(await(db.executeFetchAll("SELECT 1")).get(0).getLong(0)).isEqualTo(1);
        }
    }

    @Test
    void interruptStopsAQueryStreamingRowsAndTheConnectionStaysUsable() throws Exception {
        try (Connection db = connect(freshDatabase())) {
            Cursor c = await(db.execute("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT x FROM c"));
            CompletableFuture<List<Row>> endless = c.fetchAll();
            List<Throwable> seen = new ArrayList<>();
            // The fetch runs until interrupted: interrupt repeatedly until it ends, with a bound.
            for (int i = 0; i < 300 && !endless.isDone(); i++) {
                db.interrupt();
                try {
                    endless.get(100, java.util.concurrent.TimeUnit.MILLISECONDS);
                } catch (java.util.concurrent.TimeoutException e) {
                    seen.add(e);
                } catch (ExecutionException e) {
                    break;
                }
            }
            assertThat(endless).isCompletedExceptionally();
            assertThatThrownBy(endless::join).hasCauseInstanceOf(dev.asyncsqlite.SqliteInterruptedException.class);
            assertThat(await(db.executeFetchAll("SELECT 2")).get(0).getLong(0)).isEqualTo(2);
        }
    }

    @Test
    void aTransactionCutWithItsConnectionFailsUntilRolledBack() throws Exception {
        try (Connection db = connect(freshDatabase())) {
            await(db.execute("CREATE TABLE t (x INTEGER)"));
            await(db.commit());
            CompletableFuture<Object> cut = db.transaction(tx -> tx.execute("INSERT INTO t VALUES (1)")
                    .thenCompose(x -> tx.execute("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT x FROM c"))
                    .thenCompose(c -> c.fetchMany(10).thenCompose(rows -> c.closeAsync()))
                    .thenCompose(x -> tx.execute("INSERT INTO t VALUES (2)"))
                    .thenApply(x -> null));
            assertThatThrownBy(() -> await(cut)).hasMessageContaining("transaction was lost");
            assertThat(await(db.executeFetchAll("SELECT count(*) FROM t")).get(0).getLong(0))
                    .as("the leader rolled back what the cut transaction had done").isZero();
        }
    }

    @Test
    void writesRunAsExecsAndReturningIsRefusedBeforeItReachesTheLeader() throws Exception {
        try (Connection db = connect(freshDatabase())) {
            await(db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT, returning_at TEXT)"));
            await(db.execute("WITH src(v) AS (VALUES ('a'), ('b')) INSERT INTO t (v) SELECT v FROM src"));
            // A column whose name starts with "returning" is no RETURNING clause.
            await(db.execute("UPDATE t SET returning_at = 'now'"));
            await(db.commit());
            assertThatThrownBy(() -> await(db.execute("INSERT INTO t (v) VALUES ('c') RETURNING id")))
                    .hasCauseInstanceOf(NotSupportedException.class).hasMessageContaining("RETURNING");
            await(db.rollback());
            assertThat(await(db.executeFetchAll("PRAGMA table_info(t)"))).hasSize(3);
            assertThat(await(db.executeFetchAll("SELECT v FROM t ORDER BY id"))).extracting(r -> r.getString(0))
                    .containsExactly("a", "b");
        }
    }

    @Test
    void aConnectionWaitingOnTheNetworkHoldsNoPlatformThreadWhereTheJdkHasVirtualThreads() throws Exception {
        boolean jdkHasVirtualThreads = Runtime.version().feature() >= 21;
        try (Connection db = connect(freshDatabase())) {
            Thread worker = await(db.call(sync -> Thread.currentThread()));
            boolean virtual = (Boolean) Thread.class.getMethod("isVirtual").invoke(worker);
            assertThat(virtual).as("worker %s on JDK %s", worker, Runtime.version()).isEqualTo(jdkHasVirtualThreads);
            assertThat(await(db.executeFetchAll("SELECT 1"))).hasSize(1);
        } catch (NoSuchMethodException e) {
            // JDK 17 has no Thread.isVirtual, and no virtual threads: the worker is a platform thread.
            assertThat(jdkHasVirtualThreads).isFalse();
        }
    }

    @Test
    void whatTheClusterCannotDoFailsAtOnceAndSaysSo() throws Exception {
        try (Connection db = connect(freshDatabase())) {
            assertThatThrownBy(() -> await(db.createFunction("f", 0, args -> 1)))
                    .hasCauseInstanceOf(NotSupportedException.class).hasMessageContaining("dqlite engine");
            assertThatThrownBy(() -> await(db.serialize())).hasCauseInstanceOf(NotSupportedException.class);
            assertThat(db.engineName()).isEqualTo("dqlite");
            assertThat(await(db.executeFetchAll("SELECT 1")).get(0).getLong(0)).isEqualTo(1);
        }
    }

    @Test
    void aBadAddressIsRefusedWithWhatIsWrong() {
        assertThatThrownBy(() -> connect("dqlite://nohostport/db.db")).hasMessageContaining("host:port");
        assertThatThrownBy(() -> connect("dqlite://127.0.0.1:1/")).hasMessageContaining("no database");
    }
}
