package dev.asyncsqlite.bench;

import dev.asyncsqlite.AsyncSqlite;
import dev.asyncsqlite.ConnectOptions;
import dev.asyncsqlite.Connection;
import dev.asyncsqlite.Row;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The dqlite engine as a contender of W1, W3 and W4, on a cluster the caller started
 * ({@code dqlite-cluster.sh start}): every statement is a round trip over loopback to the leader,
 * which replicates each commit to the other nodes. The same table and rows as the local
 * contenders, so the checksums compare.
 */
final class DqliteContenders {
    private static final AtomicInteger DATABASES = new AtomicInteger();
    /** Rows per statement of the batched W1 form: 3 parameters each, under dqlite's 255. */
    private static final int ROWS_PER_STATEMENT = 50;

    private final String nodes;
    private final String readDatabase;

    private DqliteContenders(String nodes, String readDatabase) {
        this.nodes = nodes;
        this.readDatabase = readDatabase;
    }

    /**
     * Fills the read table on the cluster, by one statement run on the leader.
     *
     * @param nodes host:port of the cluster's nodes, comma-separated
     * @param rows rows of the read table
     * @return the contenders
     */
    static DqliteContenders prepare(String nodes, long rows) {
        String read = "bench-read-" + System.nanoTime() + ".db";
        try (Connection db = connect(nodes, read)) {
            db.execute(Databases.SCHEMA).join();
            db.execute("WITH RECURSIVE s(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM s WHERE i < ?) "
                    + "INSERT INTO t(a, b, c) SELECT i, 'row ' || i, i * 0.5 FROM s", rows - 1).join();
            db.commit().join();
        }
        return new DqliteContenders(nodes, read);
    }

    private static Connection connect(String nodes, String database) {
        return AsyncSqlite.connect(ConnectOptions.builder("dqlite://" + nodes + "/" + database).engine("dqlite")
                .busyTimeout(Duration.ofSeconds(30)).build()).join();
    }

    /** W1: single-row inserts awaited one by one in one transaction; one round trip each. */
    Measurement inserts(int inserts) {
        return timedInserts("w1", inserts, db -> {
            for (int i = 0; i < inserts; i++) {
                db.execute(Databases.INSERT, Databases.row(i)).join();
            }
        });
    }

    /**
     * W1 with every insert submitted at once: the connection queues them and runs them in order,
     * still one round trip each, since a dqlite connection takes one request at a time.
     */
    Measurement insertsInFlight(int inserts) {
        return timedInserts("w1f", inserts, db -> {
            java.util.concurrent.CompletableFuture<?> last = null;
            for (int i = 0; i < inserts; i++) {
                last = db.execute(Databases.INSERT, Databases.row(i));
            }
            if (last != null) {
                last.join();
            }
        });
    }

    /** W1 batched: the same rows, fifty per statement, so one round trip carries fifty. */
    Measurement batchedInserts(int inserts) {
        return timedInserts("w1b", inserts, db -> {
            for (int from = 0; from < inserts; from += ROWS_PER_STATEMENT) {
                int n = Math.min(ROWS_PER_STATEMENT, inserts - from);
                StringBuilder sql = new StringBuilder("INSERT INTO t(a, b, c) VALUES ");
                Object[] params = new Object[n * 3];
                for (int k = 0; k < n; k++) {
                    sql.append(k == 0 ? "(?, ?, ?)" : ", (?, ?, ?)");
                    System.arraycopy(Databases.row(from + k), 0, params, k * 3, 3);
                }
                db.execute(sql.toString(), params).join();
            }
        });
    }

    // A fresh database, the inserts and their commit timed, and what was written.
    private Measurement timedInserts(String name, int inserts, java.util.function.Consumer<Connection> body) {
        try (Connection db = connect(nodes, "bench-" + name + "-" + DATABASES.incrementAndGet() + "-" + System.nanoTime() + ".db")) {
            db.execute(Databases.SCHEMA).join();
            db.commit().join();
            long started = System.nanoTime();
            body.accept(db);
            db.commit().join();
            long nanos = System.nanoTime() - started;
            return new Measurement(inserts, nanos, written(db));
        }
    }

    private static Checksum written(Connection db) {
        Row r = db.executeFetchAll("SELECT count(*), coalesce(sum(a), 0) + coalesce(sum(length(b)), 0) FROM t").join().get(0);
        return new Checksum(r.getLong(0), r.getLong(1));
    }

    /** W3: point reads awaited one by one; one round trip each. */
    Measurement lookups(long[] ids) {
        try (Connection db = connect(nodes, readDatabase)) {
            long sum = 0;
            long started = System.nanoTime();
            for (long id : ids) {
                sum += db.executeFetchAll(Databases.POINT, id).join().get(0).getLong(0);
            }
            long nanos = System.nanoTime() - started;
            return new Measurement(ids.length, nanos, new Checksum(ids.length, sum));
        }
    }

    /** W4: the whole table, read in dqlite's batches. */
    Measurement scan(ScanChecksum checksum) {
        try (Connection db = connect(nodes, readDatabase)) {
            long started = System.nanoTime();
            List<Row> rows = db.executeFetchAll(Databases.SCAN).join();
            Checksum acc = new Checksum(0, 0);
            for (Row r : rows) {
                acc = checksum.add(acc, (Long) r.get(0), (Long) r.get(1), (String) r.get(2), (Double) r.get(3));
            }
            long nanos = System.nanoTime() - started;
            return new Measurement(acc.count(), nanos, acc);
        }
    }

    /** How W4 folds a row into its checksum. */
    interface ScanChecksum {
        Checksum add(Checksum acc, long id, long a, String b, double c);
    }
}
