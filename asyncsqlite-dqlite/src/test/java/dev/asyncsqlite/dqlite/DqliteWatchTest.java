package dev.asyncsqlite.dqlite;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncsqlite.AsyncSqlite;
import dev.asyncsqlite.ConnectOptions;
import dev.asyncsqlite.Connection;
import dev.asyncsqlite.IsolationLevel;
import dev.asyncsqlite.NotSupportedException;
import dev.asyncsqlite.Row;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Live queries on dqlite, which has no update hook: a watch runs again after a commit through its
 * own connection and after a commit another client made (found through {@code data_version}),
 * and emits what changed.
 */
class DqliteWatchTest {
    private static DqliteCluster cluster;

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

    private static Connection connect(String url) throws Exception {
        return await(AsyncSqlite.connect(ConnectOptions.builder(url).engine("dqlite").isolationLevel(IsolationLevel.AUTOCOMMIT)
                .watchPollInterval(Duration.ofMillis(50))
                .build()));
    }

    /** Results taken one at a time, each waited for at most 30 s. */
    private static final class Results implements Flow.Subscriber<List<Row>> {
        final LinkedBlockingQueue<Object> items = new LinkedBlockingQueue<>();

        @Override
        public void onSubscribe(Flow.Subscription s) {
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<Row> rows) {
            items.add(rows);
        }

        @Override
        public void onError(Throwable t) {
            items.add(t);
        }

        @Override
        public void onComplete() {
        }

        long nextCount() throws Exception {
            Object item = items.poll(30, SECONDS);
            assertThat(item).as("a result").isInstanceOf(List.class);
            return ((Row) ((List<?>) item).get(0)).getLong(0);
        }
    }

    @Test
    void aWatchSeesTheCommitsOfItsOwnConnectionAndOfOtherClients() throws Exception {
        String url = cluster.url("watched.db");
        List<String> reversed = new ArrayList<>(cluster.addresses());
        Collections.reverse(reversed);
        // The same database named another way: as far as this process can tell, another client.
        String otherClient = "dqlite://" + String.join(",", reversed) + "/watched.db";
        try (Connection db = connect(url);
             Connection other = connect(otherClient)) {
            await(db.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, v)"));
            Results results = new Results();
            db.watch("SELECT count(*) FROM t").subscribe(results);
            assertThat(results.nextCount()).isZero();

            await(db.execute("INSERT INTO t(v) VALUES (1)"));
            assertThat(results.nextCount()).isEqualTo(1);
            await(other.execute("INSERT INTO t(v) VALUES (2)"));
            assertThat(results.nextCount()).isEqualTo(2);
            await(db.transaction(tx -> tx.execute("INSERT INTO t(v) VALUES (3)")));
            assertThat(results.nextCount()).isEqualTo(3);
        }
    }

    @Test
    void theChangeFeedIsRefusedForWantOfAnUpdateHook() throws Exception {
        try (Connection db = connect(cluster.url("feed.db"))) {
            LinkedBlockingQueue<Throwable> errors = new LinkedBlockingQueue<>();
            db.changes().subscribe(new Flow.Subscriber<>() {
                @Override
                public void onSubscribe(Flow.Subscription s) {
                    s.request(1);
                }

                @Override
                public void onNext(dev.asyncsqlite.Change change) {
                }

                @Override
                public void onError(Throwable t) {
                    errors.add(t);
                }

                @Override
                public void onComplete() {
                }
            });
            assertThat(errors.poll(30, SECONDS)).isInstanceOf(NotSupportedException.class).hasMessageContaining("dqlite");
        }
    }
}
