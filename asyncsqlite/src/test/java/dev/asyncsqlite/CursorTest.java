package dev.asyncsqlite;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CursorTest {
    private static final String COUNT_TO = "WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r WHERE i < ?) SELECT i FROM r";

    private Connection db;

    @BeforeEach
    void open() throws Exception {
        db = AsyncSqlite.connect(ConnectOptions.builder(":memory:").iterChunkSize(8).build()).get(10, SECONDS);
        db.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT, price REAL)").get(10, SECONDS);
    }

    @AfterEach
    void close() {
        db.close();
    }

    private static <T> T await(CompletableFuture<T> f) throws Exception {
        return f.get(10, SECONDS);
    }

    @Test
    void fetchOneWalksTheRowsThenReturnsEmpty() throws Exception {
        Cursor c = await(db.execute(COUNT_TO, 20));
        for (long i = 1; i <= 20; i++) {
            assertThat(await(c.fetchOne()).orElseThrow().getLong(0)).isEqualTo(i);
        }
        assertThat(await(c.fetchOne())).isEmpty();
        assertThat(await(c.fetchOne())).isEmpty();
    }

    @Test
    void fetchManyReadsUpToTheSizeAcrossChunks() throws Exception {
        Cursor c = await(db.execute(COUNT_TO, 20));
        assertThat(await(c.fetchMany(5))).extracting(r -> r.getLong(0)).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(await(c.fetchMany(12))).hasSize(12).first().satisfies(r -> assertThat(r.getLong(0)).isEqualTo(6));
        assertThat(await(c.fetchMany(12))).extracting(r -> r.getLong(0)).containsExactly(18L, 19L, 20L);
        assertThat(await(c.fetchMany(12))).isEmpty();
    }

    @Test
    void fetchManyWithoutSizeUsesArraySize() throws Exception {
        Cursor c = await(db.execute(COUNT_TO, 10));
        assertThat(c.arraySize()).isEqualTo(1);
        assertThat(await(c.fetchMany())).hasSize(1);
        c.setArraySize(4);
        assertThat(await(c.fetchMany())).extracting(r -> r.getLong(0)).containsExactly(2L, 3L, 4L, 5L);
        assertThatThrownBy(() -> c.setArraySize(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> c.fetchMany(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void fetchAllReadsEveryRemainingRow() throws Exception {
        Cursor c = await(db.execute(COUNT_TO, 1000));
        await(c.fetchOne());
        List<Row> rest = await(c.fetchAll());
        assertThat(rest).hasSize(999);
        assertThat(rest.get(998).getLong(0)).isEqualTo(1000);
    }

    @Test
    void fetchesInterleavedFromManyCallersKeepCallOrder() throws Exception {
        Cursor c = await(db.execute(COUNT_TO, 100));
        List<CompletableFuture<Optional<Row>>> fetches = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            fetches.add(c.fetchOne());
        }
        for (int i = 0; i < 100; i++) {
            assertThat(await(fetches.get(i)).orElseThrow().getLong(0)).isEqualTo(i + 1);
        }
    }

    @Test
    void rowCountFollowsSqlite3() throws Exception {
        Cursor insert = await(db.execute("INSERT INTO t(name) VALUES ('a'), ('b'), ('c')"));
        assertThat(insert.rowCount()).isEqualTo(3);
        Cursor update = await(db.execute("UPDATE t SET price = 1 WHERE id > 1"));
        assertThat(update.rowCount()).isEqualTo(2);
        Cursor select = await(db.execute("SELECT * FROM t"));
        assertThat(select.rowCount()).isEqualTo(-1);
        Cursor delete = await(db.execute("DELETE FROM t"));
        assertThat(delete.rowCount()).isEqualTo(3);
    }

    @Test
    void lastRowIdIsSqlitesLastInsertRowIdAfterEveryExecuteAsInSqlite3() throws Exception {
        Cursor c = await(db.cursor());
        assertThat(c.lastRowId()).isEmpty();
        await(c.execute("SELECT 1"));
        assertThat(c.lastRowId()).hasValue(0);
        await(c.execute("INSERT INTO t(id, name) VALUES (41, 'a')"));
        assertThat(c.lastRowId()).hasValue(41);
        // After any later statement, with rows still to read or none, on this cursor or another.
        await(c.execute(COUNT_TO, 100));
        assertThat(c.lastRowId()).hasValue(41);
        assertThat(await(db.execute("SELECT 1")).lastRowId()).hasValue(41);
        await(c.execute("UPDATE t SET name = 'b'"));
        assertThat(c.lastRowId()).hasValue(41);
        await(c.execute("REPLACE INTO t(id, name) VALUES (7, 'b')"));
        assertThat(c.lastRowId()).hasValue(7);
        // executemany and executescript leave it as it was, as in sqlite3.
        await(c.executeMany("INSERT INTO t(name) VALUES (?)", List.of(new Object[] {"c"}, new Object[] {"d"})));
        await(c.executeScript("INSERT INTO t(name) VALUES ('e');"));
        assertThat(c.lastRowId()).hasValue(7);
        await(c.execute("SELECT 1"));
        assertThat(c.lastRowId()).hasValue(44);
    }

    @Test
    void descriptionNamesTheColumnsWithDeclaredTypes() throws Exception {
        Cursor c = await(db.execute("SELECT id, name AS label, price * 2 FROM t"));
        assertThat(c.description()).containsExactly(new Column("id", "INTEGER"), new Column("label", "TEXT"),
                new Column("price * 2", null));
        Cursor none = await(db.execute("UPDATE t SET name = 'x'"));
        assertThat(none.description()).isEmpty();
    }

    @Test
    void aCursorCanRunOneStatementAfterAnother() throws Exception {
        Cursor c = await(db.cursor());
        assertThat(await(c.execute(COUNT_TO, 30))).isSameAs(c);
        await(c.fetchOne());
        await(c.execute("SELECT 'second'"));
        assertThat(await(c.fetchAll())).extracting(r -> r.getString(0)).containsExactly("second");
        await(c.executeMany("INSERT INTO t(name) VALUES (?)", List.of(List.of("x"), List.of("y"))));
        assertThat(c.rowCount()).isEqualTo(2);
        await(c.executeScript("INSERT INTO t(name) VALUES ('z');"));
        assertThat(await(c.fetchAll())).isEmpty();
        assertThat(c.connection()).isSameAs(db);
    }

    @Test
    void theSameSqlOnTwoOpenCursorsReadsIndependently() throws Exception {
        Cursor a = await(db.execute(COUNT_TO, 50));
        Cursor b = await(db.execute(COUNT_TO, 50));
        assertThat(await(a.fetchMany(20))).hasSize(20);
        assertThat(await(b.fetchAll())).hasSize(50);
        assertThat(await(a.fetchAll())).hasSize(30).first().satisfies(r -> assertThat(r.getLong(0)).isEqualTo(21));
    }

    @Test
    void aClosedCursorRefusesFurtherWork() throws Exception {
        Cursor c = await(db.execute(COUNT_TO, 50));
        await(c.closeAsync());
        assertThat(c.fetchOne()).isCompletedExceptionally();
        assertThat(c.execute("SELECT 1")).isCompletedExceptionally();
        c.close();
        assertThat(await(db.executeFetchAll("SELECT 1"))).hasSize(1);
    }

    @Test
    void rowsPublishesEveryRowWithBackPressure() throws Exception {
        Cursor c = await(db.execute(COUNT_TO, 100));
        List<Long> seen = new ArrayList<>();
        CompletableFuture<Void> done = new CompletableFuture<>();
        c.rows().subscribe(new Flow.Subscriber<>() {
            Flow.Subscription s;

            @Override
            public void onSubscribe(Flow.Subscription s) {
                this.s = s;
                s.request(3);
            }

            @Override
            public void onNext(Row row) {
                seen.add(row.getLong(0));
                if (seen.size() % 3 == 0) {
                    s.request(3);
                }
            }

            @Override
            public void onError(Throwable t) {
                done.completeExceptionally(t);
            }

            @Override
            public void onComplete() {
                done.complete(null);
            }
        });
        await(done);
        assertThat(seen).hasSize(100).startsWith(1L, 2L, 3L).endsWith(100L);
    }

    @Test
    void cancellingRowsReleasesTheStatement() throws Exception {
        Cursor c = await(db.execute(COUNT_TO, 1_000_000));
        CompletableFuture<Long> first = new CompletableFuture<>();
        c.rows().subscribe(new Flow.Subscriber<>() {
            Flow.Subscription s;

            @Override
            public void onSubscribe(Flow.Subscription s) {
                this.s = s;
                s.request(1);
            }

            @Override
            public void onNext(Row row) {
                s.cancel();
                first.complete(row.getLong(0));
            }

            @Override
            public void onError(Throwable t) {
                first.completeExceptionally(t);
            }

            @Override
            public void onComplete() {
            }
        });
        assertThat(await(first)).isEqualTo(1);
        // A write needs no reader holding the statement open; the cursor is closed.
        await(db.execute("INSERT INTO t(name) VALUES ('after')"));
        assertThat(c.fetchOne()).isCompletedExceptionally();
    }

    /** Counts the rows SQLite steps to: tick(x) runs once per row produced. */
    private AtomicLong ticking() throws Exception {
        AtomicLong ticks = new AtomicLong();
        await(db.createFunction("tick", 1, args -> {
            ticks.incrementAndGet();
            return args[0];
        }, false));
        return ticks;
    }

    @Test
    void executeReadsTheFirstChunkInTheSameHopByDefault() throws Exception {
        AtomicLong ticks = ticking();
        Cursor c = await(db.cursor());
        assertThat(c.prefetch()).isEqualTo(8);
        await(c.execute("SELECT tick(i) FROM (" + COUNT_TO + ")", 100));
        // Eight rows read, and the ninth stepped to.
        assertThat(ticks.get()).isEqualTo(9);
    }

    @Test
    void prefetchZeroStepsOnlyToTheFirstRowUntilRowsAreFetched() throws Exception {
        AtomicLong ticks = ticking();
        Cursor c = await(db.cursor());
        c.setPrefetch(0);
        await(c.execute("SELECT tick(i) FROM (" + COUNT_TO + ")", 100));
        assertThat(ticks.get()).isEqualTo(1);
        assertThat(await(c.fetchMany(5))).extracting(r -> r.getLong(0)).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(ticks.get()).isEqualTo(6);
        assertThatThrownBy(() -> c.setPrefetch(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rowsReadNoMoreThanTheSubscriberAsked() throws Exception {
        AtomicLong ticks = ticking();
        Cursor c = await(db.cursor());
        c.setPrefetch(0);
        await(c.execute("SELECT tick(i) FROM (" + COUNT_TO + ")", 100));
        List<Long> seen = new ArrayList<>();
        List<Long> ticksAtPause = new ArrayList<>();
        CompletableFuture<Void> done = new CompletableFuture<>();
        c.rows(64).subscribe(new Flow.Subscriber<>() {
            Flow.Subscription s;

            @Override
            public void onSubscribe(Flow.Subscription s) {
                this.s = s;
                s.request(5);
            }

            @Override
            public void onNext(Row row) {
                seen.add(row.getLong(0));
                if (seen.size() % 5 == 0) {
                    ticksAtPause.add(ticks.get());
                    s.request(5);
                }
            }

            @Override
            public void onError(Throwable t) {
                done.completeExceptionally(t);
            }

            @Override
            public void onComplete() {
                done.complete(null);
            }
        });
        await(done);
        assertThat(seen).hasSize(100).startsWith(1L, 2L).endsWith(100L);
        for (int i = 0; i < ticksAtPause.size() - 1; i++) {
            // At most the rows delivered plus the one SQLite stepped to after them.
            assertThat(ticksAtPause.get(i)).isLessThanOrEqualTo(5L * (i + 1) + 1);
        }
        assertThatThrownBy(() -> c.rows(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void cancellingRowsInterruptsAReadInProgress() throws Exception {
        CountDownLatch scanning = new CountDownLatch(1);
        // One function, so that no planner can skip it: it matches 1 and notes when the
        // search has gone far past it.
        await(db.createFunction("matches_one", 1, args -> {
            long i = (Long) args[0];
            if (i == 10_000) {
                scanning.countDown();
            }
            return i == 1 ? 1 : 0;
        }, false));
        Cursor c = await(db.cursor());
        c.setPrefetch(0);
        // The first row comes at once; the search for a second never ends.
        await(c.execute("WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r) "
                + "SELECT i FROM r WHERE matches_one(i)"));
        CompletableFuture<Void> cancelled = new CompletableFuture<>();
        c.rows(1).subscribe(new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription s) {
                s.request(2);
                CompletableFuture.runAsync(() -> {
                    try {
                        if (!scanning.await(10, SECONDS)) {
                            cancelled.completeExceptionally(new AssertionError("the search never started"));
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    s.cancel();
                    cancelled.complete(null);
                });
            }

            @Override
            public void onNext(Row row) {
            }

            @Override
            public void onError(Throwable t) {
            }

            @Override
            public void onComplete() {
            }
        });
        await(cancelled);
        // The worker is free again only if the endless read was interrupted.
        assertThat(await(db.executeFetchAll("SELECT 42")).get(0).getLong(0)).isEqualTo(42);
    }
}
