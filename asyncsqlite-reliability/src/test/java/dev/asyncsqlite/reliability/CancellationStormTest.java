package dev.asyncsqlite.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncsqlite.AsyncSqlite;
import dev.asyncsqlite.ConnectOptions;
import dev.asyncsqlite.Connection;
import dev.asyncsqlite.IsolationLevel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Thousands of operations, queued and running, cancelled or timed out at random: every future
 * completes, the queue drains, a write whose future was cancelled left no row, a write whose
 * future succeeded left its row, and the next statement does not wait for a cancelled one.
 */
class CancellationStormTest {
    private static final String SLOW = "WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r WHERE i < 100000)"
            + " SELECT count(*) FROM r";

    @TempDir
    Path dir;

    @Test
    void aStormOfCancellationsNeverHangsAndNeverKeepsACancelledWrite() throws Exception {
        int operations = Figures.intProperty("reliability.storm", 5000);
        ConnectOptions options = ConnectOptions.builder(dir.resolve("storm.db")).pragma("journal_mode", "WAL")
                .isolationLevel(IsolationLevel.AUTOCOMMIT).build();
        Random random = new Random(42);
        List<CompletableFuture<?>> all = new ArrayList<>();
        List<long[]> writes = new ArrayList<>();
        List<CompletableFuture<?>> writeFutures = new ArrayList<>();
        int cancelled = 0;
        try (Connection db = AsyncSqlite.connect(options).get(30, TimeUnit.SECONDS)) {
            db.execute("CREATE TABLE w(id INTEGER PRIMARY KEY, pad BLOB)").get(30, TimeUnit.SECONDS);
            List<CompletableFuture<?>> pending = new ArrayList<>();
            for (int i = 0; i < operations; i++) {
                CompletableFuture<?> f;
                int kind = random.nextInt(10);
                if (kind < 5) {
                    // A write big enough to be caught running now and then.
                    f = db.execute("INSERT INTO w SELECT ?, randomblob(?) FROM (SELECT 1)", i, 1 + random.nextInt(200_000));
                    writes.add(new long[] {i});
                    writeFutures.add(f);
                } else if (kind < 8) {
                    f = db.executeFetchAll(SLOW);
                } else {
                    f = db.executeFetchAll("SELECT count(*) FROM w");
                }
                all.add(f);
                pending.add(f);
                int action = random.nextInt(10);
                if (action < 3) {
                    CompletableFuture<?> victim = pending.get(random.nextInt(pending.size()));
                    if (victim.cancel(true)) {
                        cancelled++;
                    }
                } else if (action < 5) {
                    f.orTimeout(random.nextInt(3), TimeUnit.MILLISECONDS);
                }
                if (pending.size() > 64) {
                    pending.remove(0);
                }
            }
            CompletableFuture<Void> settled = CompletableFuture.allOf(all.stream()
                    .map(f -> f.handle((v, e) -> null)).toArray(CompletableFuture<?>[]::new));
            settled.get(120, TimeUnit.SECONDS);
            assertThat(all).allMatch(CompletableFuture::isDone);

            long started = System.nanoTime();
            assertThat(db.executeFetchAll("SELECT 1").get(30, TimeUnit.SECONDS)).hasSize(1);
            long nextStatementMicros = (System.nanoTime() - started) / 1000;

            Set<Long> present = new HashSet<>();
            db.executeFetchAll("SELECT id FROM w").get(30, TimeUnit.SECONDS).forEach(r -> present.add(r.getLong(0)));
            int kept = 0;
            int dropped = 0;
            for (int i = 0; i < writes.size(); i++) {
                long id = writes.get(i)[0];
                CompletableFuture<?> f = writeFutures.get(i);
                if (f.isCompletedExceptionally()) {
                    assertThat(present).as("write " + id + " failed or was cancelled, so it left no row").doesNotContain(id);
                    dropped++;
                } else {
                    assertThat(present).as("write " + id + " succeeded, so its row is there").contains(id);
                    kept++;
                }
            }
            Figures.record("cancellation storm", operations + " operations, " + cancelled + " cancelled, "
                    + dropped + " writes cancelled or timed out with no effect, " + kept + " writes kept, 0 hangs;"
                    + " next statement after the storm took " + nextStatementMicros + " µs");
        }
    }
}
