package dev.asyncsqlite.internal.worker;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncsqlite.AsyncSqlite;
import dev.asyncsqlite.Connection;
import dev.asyncsqlite.ConnectOptions;
import dev.asyncsqlite.Row;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TickerTest {
    @TempDir
    Path dir;

    @Test
    void aTaskRunsOnADaemonTimerThreadUntilCancelledAndThenNothingIsLeftScheduled() throws Exception {
        CountDownLatch ran = new CountDownLatch(3);
        AtomicReference<Thread> thread = new AtomicReference<>();
        Ticker.Schedule schedule = Ticker.every(Duration.ofMillis(1), () -> {
            thread.set(Thread.currentThread());
            ran.countDown();
        });
        assertThat(ran.await(30, SECONDS)).isTrue();
        schedule.cancel();
        assertThat(Ticker.scheduled()).isZero();
        assertThat(thread.get().isDaemon()).isTrue();
        assertThat(thread.get().getName()).isEqualTo("asyncsqlite.timer");
    }

    @Test
    void aTaskThatThrowsKeepsItsSchedule() throws Exception {
        CountDownLatch ran = new CountDownLatch(2);
        Ticker.Schedule schedule = Ticker.every(Duration.ofMillis(1), () -> {
            ran.countDown();
            throw new IllegalStateException("a failing task");
        });
        try {
            assertThat(ran.await(30, SECONDS)).isTrue();
        } finally {
            schedule.cancel();
        }
    }

    /** Subscribes and takes the first result, leaving the subscription to cancel. */
    private static Flow.Subscription firstResult(Connection db) throws Exception {
        CountDownLatch first = new CountDownLatch(1);
        AtomicReference<Flow.Subscription> subscription = new AtomicReference<>();
        db.watch("SELECT count(*) FROM t").subscribe(new Flow.Subscriber<List<Row>>() {
            @Override
            public void onSubscribe(Flow.Subscription s) {
                subscription.set(s);
                s.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(List<Row> rows) {
                first.countDown();
            }

            @Override
            public void onError(Throwable t) {
            }

            @Override
            public void onComplete() {
            }
        });
        assertThat(first.await(30, SECONDS)).isTrue();
        return subscription.get();
    }

    @Test
    void aWatchedDatabaseIsCheckedOnlyWhileAWatchIsSubscribed() throws Exception {
        ConnectOptions options = ConnectOptions.builder(dir.resolve("checked.db").toString()).watchPollInterval(Duration.ofMillis(50))
                .build();
        try (Connection db = AsyncSqlite.connect(options).get(30, SECONDS)) {
            db.execute("CREATE TABLE t(x)").get(30, SECONDS);
            assertThat(Ticker.scheduled()).isZero();
            Flow.Subscription one = firstResult(db);
            Flow.Subscription two = firstResult(db);
            assertThat(Ticker.scheduled()).as("one check for the connection's watches").isEqualTo(1);
            one.cancel();
            assertThat(Ticker.scheduled()).isEqualTo(1);
            two.cancel();
            assertThat(Ticker.scheduled()).as("nothing left to check for").isZero();
            firstResult(db);
            assertThat(Ticker.scheduled()).isEqualTo(1);
        }
        assertThat(Ticker.scheduled()).as("closing the connection ends its watches and their check").isZero();
    }
}
