package dev.asyncsqlite;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncsqlite.Change.Operation;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The change feed: the rows of committed transactions, in commit order, and nothing of what was
 * rolled back. The feed is told of a commit on the committing connection's thread before the
 * commit's future completes, so once that future has completed, the feed holds what it will get.
 */
class ChangesTest {
    @TempDir
    Path dir;

    private static <T> T await(CompletableFuture<T> f) throws Exception {
        return f.get(Results.WAIT_SECONDS, SECONDS);
    }

    private Connection open() throws Exception {
        Connection db = await(AsyncSqlite.connect(ConnectOptions.builder(dir.resolve("changes.db").toString())
                .isolationLevel(IsolationLevel.AUTOCOMMIT).watchPollInterval(Duration.ZERO).build()));
        await(db.executeScript("CREATE TABLE t(id INTEGER PRIMARY KEY, v UNIQUE); CREATE TABLE log(id INTEGER PRIMARY KEY, what);"
                + "CREATE TRIGGER t_log AFTER DELETE ON t BEGIN INSERT INTO log(what) VALUES ('deleted ' || old.id); END;"));
        return db;
    }

    /** Subscribes and waits until every connection of the database tracks changes for the feed. */
    private static Results<Change> feed(Connection db) throws Exception {
        Results<Change> changes = Results.of(db.changes());
        // A watch subscribed after the feed emits once everything tracks changes.
        Results.of(db.watch("SELECT 1")).next();
        return changes;
    }

    @Test
    void committedRowsArePublishedInOrderWithTheRowsTriggersChanged() throws Exception {
        try (Connection db = open()) {
            Results<Change> changes = feed(db);
            await(db.execute("INSERT INTO t(id, v) VALUES (1, 'a'), (2, 'b')"));
            await(db.transaction(tx -> tx.execute("UPDATE t SET v = 'c' WHERE id = 2")
                    .thenCompose(c -> tx.execute("DELETE FROM t WHERE id = 1"))));

            assertThat(changes.next()).isEqualTo(new Change("main", "t", Operation.INSERT, 1));
            assertThat(changes.next()).isEqualTo(new Change("main", "t", Operation.INSERT, 2));
            assertThat(changes.next()).isEqualTo(new Change("main", "t", Operation.UPDATE, 2));
            assertThat(changes.next()).isEqualTo(new Change("main", "t", Operation.DELETE, 1));
            assertThat(changes.next()).isEqualTo(new Change("main", "log", Operation.INSERT, 1));
            assertThat(changes.hasMore()).isFalse();
        }
    }

    @Test
    void nothingOfARolledBackTransactionOrAFailedBatchIsPublished() throws Exception {
        try (Connection db = open()) {
            Results<Change> changes = feed(db);
            await(db.execute("BEGIN"));
            await(db.execute("INSERT INTO t(id, v) VALUES (1, 'a')"));
            await(db.rollback());
            // The third set violates UNIQUE: the batch is undone whole.
            assertThat(db.executeMany("INSERT INTO t(id, v) VALUES (?, ?)",
                    List.of(new Object[] {2, "b"}, new Object[] {3, "c"}, new Object[] {4, "b"})))
                    .failsWithin(Duration.ofSeconds(Results.WAIT_SECONDS));
            assertThat(db.execute("INSERT INTO t(id, v) VALUES (5, 'e'), (6, 'e')"))
                    .failsWithin(Duration.ofSeconds(Results.WAIT_SECONDS));
            await(db.execute("INSERT INTO t(id, v) VALUES (7, 'g')"));

            assertThat(changes.next()).isEqualTo(new Change("main", "t", Operation.INSERT, 7));
            assertThat(changes.hasMore()).isFalse();
        }
    }

    @Test
    void aReplacedRowIsPublishedAsTheInsertThatReplacedIt() throws Exception {
        try (Connection db = open()) {
            await(db.execute("INSERT INTO t(id, v) VALUES (1, 'a')"));
            Results<Change> changes = feed(db);
            Results<List<Row>> watch = Results.of(db.watch("SELECT id, v FROM t"));
            assertThat(watch.next()).hasSize(1);

            // The UNIQUE conflict deletes row 1 without the update hook (and its trigger does not fire).
            await(db.execute("REPLACE INTO t(id, v) VALUES (2, 'a')"));
            assertThat(changes.next()).isEqualTo(new Change("main", "t", Operation.INSERT, 2));
            assertThat(watch.next().get(0).getLong(0)).isEqualTo(2);
            assertThat(changes.hasMore()).isFalse();
        }
    }

    @Test
    void changesOfOtherConnectionsOfTheProcessArePublished() throws Exception {
        try (Connection db = open();
             Pool pool = await(AsyncSqlite.pool(PoolOptions.builder(dir.resolve("changes.db").toString()).readers(1).build()))) {
            Results<Change> changes = feed(db);
            await(pool.executeInsert("INSERT INTO t(v) VALUES ('from the pool')"));
            assertThat(changes.next()).isEqualTo(new Change("main", "t", Operation.INSERT, 1));
        }
    }

    @Test
    void aSlowSubscriberReceivesOnlyWhatItAsksFor() throws Exception {
        try (Connection db = open()) {
            Results<Change> changes = Results.onDemand();
            db.changes().subscribe(changes);
            Results.of(db.watch("SELECT 1")).next();
            await(db.execute("INSERT INTO t(v) VALUES (1), (2), (3)"));
            assertThat(changes.hasMore()).isFalse();
            changes.request(2);
            assertThat(changes.next().rowId()).isEqualTo(1);
            assertThat(changes.next().rowId()).isEqualTo(2);
            assertThat(changes.hasMore()).isFalse();
            changes.request(1);
            assertThat(changes.next().rowId()).isEqualTo(3);
        }
    }

    @Test
    void theFeedCompletesWhenTheConnectionCloses() throws Exception {
        Connection db = open();
        Results<Change> changes = Results.of(db.changes());
        db.close();
        assertThat(changes.end()).isNull();
    }
}
