package dev.asyncsqlite.dqlite;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncsqlite.AsyncSqlite;
import dev.asyncsqlite.ConnectOptions;
import dev.asyncsqlite.Connection;
import dev.asyncsqlite.Row;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The leader is killed with SIGKILL under a load of numbered commits: the writers find the new
 * leader by themselves, every acknowledged commit survives, none is applied twice.
 */
class DqliteFailoverTest {
    private static final int WRITERS = 4;
    private static final int COMMITS_BEFORE = 20;
    private static final int COMMITS_AFTER = 20;

    /** One writer's commits: those acknowledged, and those whose outcome the failover hid. */
    private static final class Writer {
        final Set<Long> acknowledged = ConcurrentHashMap.newKeySet();
        final Set<Long> unknown = ConcurrentHashMap.newKeySet();
        final AtomicLong firstAfterKillNanos = new AtomicLong();
        final AtomicLong failures = new AtomicLong();
        final Set<String> errors = ConcurrentHashMap.newKeySet();
    }

    @Test
    void everyAcknowledgedCommitSurvivesTheLeadersDeathAndWritersResume() throws Exception {
        try (DqliteCluster cluster = DqliteCluster.start(3)) {
            ConnectOptions options = ConnectOptions.builder(cluster.url("failover.db")).engine("dqlite")
                    .busyTimeout(Duration.ofSeconds(60)).build();
            try (Connection setup = AsyncSqlite.connect(options).get(60, SECONDS)) {
                setup.execute("CREATE TABLE commits (writer INTEGER, n INTEGER, PRIMARY KEY (writer, n))").get(60, SECONDS);
                setup.commit().get(60, SECONDS);
            }

            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong killedAt = new AtomicLong();
            CountDownLatch warmedUp = new CountDownLatch(WRITERS);
            CountDownLatch resumed = new CountDownLatch(WRITERS);
            List<Writer> writers = new ArrayList<>();
            List<Thread> threads = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                Writer writer = new Writer();
                writers.add(writer);
                int id = w;
                Thread t = new Thread(() -> write(options, id, writer, stop, killedAt, warmedUp, resumed), "writer-" + w);
                threads.add(t);
                t.start();
            }
            try {
                assertThat(warmedUp.await(120, SECONDS)).as("every writer committed before the kill").isTrue();
                String leader = cluster.leader();
                killedAt.set(System.nanoTime());
                cluster.kill(leader);
                boolean allResumed = resumed.await(120, SECONDS);
                assertThat(allResumed).as("every writer committed again after the kill: %s", describe(writers)).isTrue();
            } finally {
                stop.set(true);
                for (Thread t : threads) {
                    t.join(TimeUnit.SECONDS.toMillis(120));
                }
            }

            Set<String> rows = new HashSet<>();
            long count;
            try (Connection check = AsyncSqlite.connect(options).get(60, SECONDS)) {
                List<Row> all = check.executeFetchAll("SELECT writer, n FROM commits").get(60, SECONDS);
                count = all.size();
                for (Row r : all) {
                    rows.add(r.getLong(0) + ":" + r.getLong(1));
                }
            }
            assertThat(rows).as("no commit applied twice").hasSize((int) count);
            long slowest = 0;
            StringBuilder report = new StringBuilder();
            for (int w = 0; w < WRITERS; w++) {
                Writer writer = writers.get(w);
                for (long n : writer.acknowledged) {
                    assertThat(rows).as("acknowledged commit %d of writer %d", n, w).contains(w + ":" + n);
                }
                for (String row : rows) {
                    if (row.startsWith(w + ":")) {
                        long n = Long.parseLong(row.substring(row.indexOf(':') + 1));
                        assertThat(writer.acknowledged.contains(n) || writer.unknown.contains(n))
                                .as("row %s was written by a commit the writer made", row).isTrue();
                    }
                }
                long resume = writer.firstAfterKillNanos.get() - killedAt.get();
                slowest = Math.max(slowest, resume);
                report.append(String.format(" writer %d: %d acknowledged, %d unknown, %d failed statements %s, resumed after %d ms;",
                        w, writer.acknowledged.size(), writer.unknown.size(), writer.failures.get(), writer.errors,
                        resume / 1_000_000));
            }
            System.out.println("[dqlite] failover: leader killed with SIGKILL under " + WRITERS + " writers;" + report
                    + " slowest resume " + slowest / 1_000_000 + " ms");
            assertThat(Duration.ofNanos(slowest)).as("writers resume within a bounded time").isLessThan(Duration.ofSeconds(60));
        }
    }

    private static String describe(List<Writer> writers) {
        StringBuilder b = new StringBuilder();
        for (int w = 0; w < writers.size(); w++) {
            Writer writer = writers.get(w);
            b.append(String.format("writer %d: %d acknowledged, %d failed %s; ", w, writer.acknowledged.size(),
                    writer.failures.get(), writer.errors));
        }
        return b.toString();
    }

    private static void write(ConnectOptions options, int id, Writer writer, AtomicBoolean stop, AtomicLong killedAt,
                              CountDownLatch warmedUp, CountDownLatch resumed) {
        try (Connection db = AsyncSqlite.connect(options).get(60, SECONDS)) {
            long afterKill = 0;
            boolean warm = false;
            for (long n = 0; !stop.get(); n++) {
                long value = n;
                try {
                    db.transaction(tx -> tx.execute("INSERT INTO commits VALUES (?, ?)", id, value)).get(90, SECONDS);
                    writer.acknowledged.add(n);
                    if (killedAt.get() != 0) {
                        writer.firstAfterKillNanos.compareAndSet(0, System.nanoTime());
                        if (++afterKill == COMMITS_AFTER) {
                            resumed.countDown();
                        }
                    } else if (!warm && writer.acknowledged.size() >= COMMITS_BEFORE) {
                        warm = true;
                        warmedUp.countDown();
                    }
                } catch (Exception e) {
                    // Cut by the failover: it may or may not have been applied; never retried.
                    writer.unknown.add(n);
                    writer.failures.incrementAndGet();
                    Throwable cause = e.getCause() != null ? e.getCause() : e;
                    if (writer.errors.size() < 5) {
                        writer.errors.add(cause.getClass().getSimpleName() + ": " + cause.getMessage());
                    }
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("writer " + id + " could not connect", e);
        }
    }
}
