package dev.asyncsqlite.reliability;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncsqlite.AsyncSqlite;
import dev.asyncsqlite.BusyException;
import dev.asyncsqlite.ConnectOptions;
import dev.asyncsqlite.Connection;
import dev.asyncsqlite.OperationalException;
import dev.asyncsqlite.ReadOnlyException;
import dev.asyncsqlite.SqliteException;
import dev.asyncsqlite.SqliteInterruptedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each fault fails the future with the right exception and SQLite's codes, leaves the connection
 * usable where SQLite allows, and leaves committed data intact.
 */
class FaultsTest {
    private static final AtomicInteger CASES = new AtomicInteger();

    @TempDir
    Path dir;

    @AfterAll
    static void report() {
        Figures.record("faults", CASES.get() + " fault cases, each with the expected exception and data intact");
    }

    private static <T> T await(CompletableFuture<T> f) throws Exception {
        return f.get(30, SECONDS);
    }

    private static SqliteException failure(CompletableFuture<?> f) {
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> f.get(30, SECONDS));
        assertThat(t).isInstanceOf(ExecutionException.class);
        assertThat(t.getCause()).isInstanceOf(SqliteException.class);
        CASES.incrementAndGet();
        return (SqliteException) t.getCause();
    }

    private Connection committed(Path db) throws Exception {
        Connection c = await(AsyncSqlite.connect(db));
        await(c.executeScript("CREATE TABLE IF NOT EXISTS t(v); INSERT INTO t VALUES ('committed');"));
        return c;
    }

    private static long count(Connection c) throws Exception {
        return await(c.executeFetchAll("SELECT count(*) FROM t WHERE v = 'committed'")).get(0).getLong(0);
    }

    @Test
    void aFullDatabaseFailsWithSqliteFullAndKeepsCommittedData() throws Exception {
        try (Connection db = committed(dir.resolve("full.db"))) {
            await(db.execute("PRAGMA max_page_count = " + await(db.executeFetchAll("PRAGMA page_count")).get(0).getLong(0)));
            SqliteException e = failure(db.execute("INSERT INTO t VALUES (randomblob(100000))"));
            assertThat(e).isInstanceOf(OperationalException.class);
            assertThat(e.resultCode()).isEqualTo(SqliteException.SQLITE_FULL);
            await(db.rollback());
            assertThat(count(db)).isEqualTo(1);
        }
    }

    @Test
    void aReadOnlyDatabaseRefusesWritesWithSqliteReadonly() throws Exception {
        committed(dir.resolve("ro.db")).close();
        ConnectOptions readOnly = ConnectOptions.builder("file:" + dir.resolve("ro.db") + "?mode=ro").build();
        try (Connection db = await(AsyncSqlite.connect(readOnly))) {
            SqliteException e = failure(db.execute("INSERT INTO t VALUES ('no')"));
            assertThat(e).isInstanceOf(ReadOnlyException.class);
            assertThat(e.resultCode()).isEqualTo(SqliteException.SQLITE_READONLY);
            assertThat(count(db)).isEqualTo(1);
        }
    }

    @Test
    void aDatabaseFileDeletedUnderAnOpenConnectionRefusesWrites() throws Exception {
        Path file = dir.resolve("deleted.db");
        try (Connection db = committed(file)) {
            Files.delete(file);
            SqliteException e = failure(db.execute("INSERT INTO t VALUES ('after delete')"));
            assertThat(e).isInstanceOf(ReadOnlyException.class);
            assertThat(e.extendedResultCode()).as(e.resultCodeName()).isEqualTo(1032);
            assertThat(await(db.executeFetchAll("SELECT 1"))).hasSize(1);
        }
    }

    @Test
    void aLockHeldByAnotherProcessPastTheBusyTimeoutFailsWithBusy() throws Exception {
        Path file = dir.resolve("busy.db");
        committed(file).close();
        try (ChildJvm holder = ChildJvm.start(dir, LockHolder.class, List.of(), file.toString());
             Connection db = await(AsyncSqlite.connect(ConnectOptions.builder(file).busyTimeout(Duration.ofMillis(200)).build()))) {
            assertThat(holder.nextLine(60)).isEqualTo("LOCKED");
            SqliteException e = failure(db.execute("INSERT INTO t VALUES ('waits')"));
            assertThat(e).isInstanceOf(BusyException.class);
            assertThat(e.resultCode()).isEqualTo(SqliteException.SQLITE_BUSY);
            holder.send("release");
            assertThat(holder.exited(60)).isTrue();
            await(db.rollback());
            await(db.execute("INSERT INTO t VALUES ('after')"));
            await(db.commit());
            assertThat(count(db)).isEqualTo(1);
        }
    }

    @Test
    void callbacksThatThrowExceptionsOrErrorsFailOnlyTheirStatement() throws Exception {
        try (Connection db = committed(dir.resolve("callbacks.db"))) {
            await(db.createFunction("bad_fn", 0, args -> {
                throw new IllegalStateException("function");
            }));
            await(db.createFunction("bad_error", 0, args -> {
                throw new OutOfMemoryError("pretend");
            }));
            await(db.createCollation("bad_collation", (a, b) -> {
                throw new AssertionError("collation");
            }));
            assertThat(failure(db.executeFetchAll("SELECT bad_fn()")).getCause()).hasMessage("function");
            assertThat(failure(db.executeFetchAll("SELECT bad_error()")).getCause()).isInstanceOf(OutOfMemoryError.class);
            assertThat(failure(db.executeFetchAll("SELECT v FROM t UNION ALL SELECT 'x' ORDER BY 1 COLLATE bad_collation"))
                    .getCause()).isInstanceOf(AssertionError.class);
            await(db.setProgressHandler(() -> {
                throw new StackOverflowError("progress");
            }, 1));
            SqliteException progress = failure(db.executeFetchAll("SELECT count(*) FROM t"));
            assertThat(progress.getCause()).isInstanceOf(StackOverflowError.class);
            await(db.setProgressHandler(null, 1));
            await(db.setProgressHandler(() -> true, 1));
            assertThat(failure(db.executeFetchAll("SELECT count(*) FROM t"))).isInstanceOf(SqliteInterruptedException.class);
            await(db.setProgressHandler(null, 1));
            assertThat(count(db)).isEqualTo(1);
        }
    }

    @Test
    void aCompletionExecutorThatRejectsOrThrowsNeverLosesACompletion() throws Exception {
        ConnectOptions rejecting = ConnectOptions.builder(dir.resolve("exec.db"))
                .completionExecutor(task -> {
                    throw new RejectedExecutionException("shut down");
                }).build();
        try (Connection db = await(AsyncSqlite.connect(rejecting))) {
            await(db.executeScript("CREATE TABLE t(v); INSERT INTO t VALUES ('committed');"));
            assertThat(count(db)).isEqualTo(1);
            CASES.incrementAndGet();
        }
        ConnectOptions throwing = ConnectOptions.builder(dir.resolve("exec.db"))
                .completionExecutor(task -> {
                    task.run();
                    throw new IllegalStateException("after running");
                }).build();
        try (Connection db = await(AsyncSqlite.connect(throwing))) {
            for (int i = 0; i < 100; i++) {
                assertThat(count(db)).isEqualTo(1);
            }
            CASES.incrementAndGet();
        }
    }
}
