package dev.asyncsqlite.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncsqlite.AsyncSqlite;
import dev.asyncsqlite.Connection;
import dev.asyncsqlite.Row;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a writing child JVM with SIGKILL at random points (after a random number of
 * acknowledged commits) and checks, after every kill, that the database is intact, that every
 * acknowledged transaction is there, and that no transaction is half applied.
 */
class CrashDurabilityTest {
    private static final String[] MODES = {"single", "many", "transaction", "pipelined"};

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedCommitSurvivesSigkillAndNoTransactionIsHalfApplied() throws Exception {
        int kills = Figures.intProperty("reliability.kills", 20);
        long seconds = Figures.intProperty("reliability.seconds", 0);
        long deadline = seconds > 0 ? System.nanoTime() + seconds * 1_000_000_000L : Long.MAX_VALUE;
        Random random = new Random(20261124);
        TreeSet<Long> acknowledged = new TreeSet<>();
        long lost = 0;
        int done = 0;
        for (int i = 0; (seconds > 0 ? System.nanoTime() < deadline : i < kills); i++) {
            String mode = MODES[i % MODES.length];
            String sync = (i / MODES.length) % 2 == 0 ? "FULL" : "NORMAL";
            Path db = dir.resolve("crash-" + sync + ".db");
            int acksBeforeKill = 1 + random.nextInt(60);
            try (ChildJvm child = ChildJvm.start(dir, CrashWriter.class, List.of("-Xmx128m"), db.toString(), mode, sync)) {
                String ready = child.nextLine(60);
                assertThat(ready).as("child started (" + mode + ", " + sync + ")").startsWith("READY");
                for (int seen = 0; seen < acksBeforeKill; seen++) {
                    String line = child.nextLine(60);
                    assertThat(line).as("child acknowledged a commit").startsWith("ACK ");
                    acknowledged.add(key(sync, Long.parseLong(line.substring(4))));
                }
                child.kill();
            }
            lost += verify(db, sync, acknowledged);
            done++;
        }
        Figures.record("crash durability", done + " kills survived, " + acknowledged.size()
                + " acknowledged commits, " + lost + " commits lost");
        assertThat(lost).isZero();
        assertThat(done).isPositive();
    }

    // Acknowledgements of the FULL and NORMAL databases kept apart in one set.
    private static long key(String sync, long txn) {
        return sync.equals("FULL") ? txn : -txn;
    }

    private static long verify(Path db, String sync, TreeSet<Long> acknowledged) throws Exception {
        try (Connection check = AsyncSqlite.connect(db).join()) {
            assertThat(check.executeFetchAll("PRAGMA integrity_check").join().get(0).getString(0)).isEqualTo("ok");
            List<Row> counts = check.executeFetchAll("SELECT txn, count(*), min(part), max(part) FROM log GROUP BY txn").join();
            TreeSet<Long> present = new TreeSet<>();
            for (Row row : counts) {
                long txn = row.getLong(0);
                assertThat(row.getLong(1)).as("transaction " + txn + " is whole").isEqualTo(CrashWriter.DETAILS + 1);
                assertThat(row.getLong(2)).isZero();
                assertThat(row.getLong(3)).isEqualTo(CrashWriter.DETAILS);
                present.add(key(sync, txn));
            }
            long lost = 0;
            for (long ack : acknowledged) {
                if ((ack >= 0) == sync.equals("FULL") && !present.contains(ack)) {
                    lost++;
                }
            }
            return lost;
        }
    }
}
