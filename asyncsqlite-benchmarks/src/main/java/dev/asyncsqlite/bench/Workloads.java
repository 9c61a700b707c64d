package dev.asyncsqlite.bench;

import dev.asyncsqlite.Connection;
import dev.asyncsqlite.Cursor;
import dev.asyncsqlite.Pool;
import dev.asyncsqlite.PoolOptions;
import dev.asyncsqlite.Row;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The workloads of issue 4 (W1–W6) and of the pool (W7, W8), each as a set of contenders that
 * do the same work: (a) synchronous sqlite-jdbc, (b) the naive executor wrapper, (c) asyncsqlite
 * driven the ways users drive it. Sizes are multiplied by the scale.
 */
final class Workloads {
    private final int inserts;
    private final int bulk;
    private final int lookups;
    private final int table;
    private final Path readDb;
    private final boolean nativeEngine;

    // The dqlite contenders, when the runner was given a cluster; otherwise null.
    private DqliteContenders dqlite;

    Workloads(double scale, Path readDb, boolean nativeEngine) {
        this.nativeEngine = nativeEngine;
        this.inserts = Math.max(100, (int) (100_000 * scale));
        this.bulk = Math.max(1_000, (int) (1_000_000 * scale));
        this.lookups = Math.max(100, (int) (100_000 * scale));
        this.table = Math.max(1_000, (int) (1_000_000 * scale));
        this.readDb = readDb;
    }

    int tableRows() {
        return table;
    }

    /** Adds the dqlite engine on this cluster to W1, W3 and W4. */
    void withDqlite(String nodes) {
        dqlite = DqliteContenders.prepare(nodes, table);
    }

    private static Measurement timed(long ops, long started, Checksum checksum) {
        return new Measurement(ops, System.nanoTime() - started, checksum);
    }

    // ---- W1 and W6: single-row inserts awaited one by one, in one transaction -----------------

    Map<String, Contender> w1() {
        Map<String, Contender> c = new LinkedHashMap<>();
        c.put("sync sqlite-jdbc", this::syncInserts);
        c.put("naive executor, join per op", dir -> {
            Path file = dir.resolve("w1.db");
            try (java.sql.Connection jdbc = Databases.jdbc(file); Naive naive = new Naive()) {
                jdbc.setAutoCommit(false);
                PreparedStatement ps = jdbc.prepareStatement(Databases.INSERT);
                long started = System.nanoTime();
                for (int i = 0; i < inserts; i++) {
                    long v = i;
                    naive.join(() -> {
                        ps.setLong(1, v);
                        ps.setString(2, "row " + v);
                        ps.setDouble(3, v * 0.5);
                        return ps.executeUpdate();
                    });
                }
                naive.join(() -> {
                    jdbc.commit();
                    return null;
                });
                long nanos = System.nanoTime() - started;
                return new Measurement(inserts, nanos, Databases.written(file));
            }
        });
        c.put("asyncsqlite, join per op", dir -> asyncInserts(dir, (db, i) -> db.execute(Databases.INSERT, Databases.row(i)).join()));
        c.put("asyncsqlite, join per op on a virtual thread", dir -> {
            if (!VirtualThreads.available()) {
                return null;
            }
            Path file = dir.resolve("w1.db");
            try (Connection db = Databases.async(file)) {
                long[] started = new long[1];
                long[] ended = new long[1];
                VirtualThreads.run(() -> {
                    started[0] = System.nanoTime();
                    for (int i = 0; i < inserts; i++) {
                        db.execute(Databases.INSERT, Databases.row(i)).join();
                    }
                    db.commit().join();
                    ended[0] = System.nanoTime();
                });
                return new Measurement(inserts, ended[0] - started[0], Databases.written(file));
            }
        });
        c.put("asyncsqlite executeInsert, join per op", dir -> asyncInserts(dir,
                (db, i) -> db.executeInsert(Databases.INSERT, Databases.row(i)).join()));
        if (nativeEngine) {
            c.put("asyncsqlite native engine, join per op", dir -> asyncInserts(dir, "native",
                    (db, i) -> db.execute(Databases.INSERT, Databases.row(i)).join()));
        }
        if (dqlite != null) {
            c.put("dqlite engine (3 nodes, loopback), join per op", dir -> dqlite.inserts(inserts));
            c.put("dqlite engine, all in flight (queued, one round trip each)", dir -> dqlite.insertsInFlight(inserts));
            c.put("dqlite engine, 50 rows per INSERT (one round trip for 50)", dir -> dqlite.batchedInserts(inserts));
        }
        c.put("asyncsqlite, all in flight", dir -> {
            Path file = dir.resolve("w1.db");
            try (Connection db = Databases.async(file)) {
                long started = System.nanoTime();
                CompletableFuture<?> last = null;
                for (int i = 0; i < inserts; i++) {
                    last = db.execute(Databases.INSERT, Databases.row(i));
                }
                last.join();
                db.commit().join();
                return timed(inserts, started, Databases.written(file));
            }
        });
        c.put("asyncsqlite call (one hop)", dir -> {
            Path file = dir.resolve("w1.db");
            try (Connection db = Databases.async(file)) {
                long started = System.nanoTime();
                db.call(sync -> {
                    for (int i = 0; i < inserts; i++) {
                        sync.update(Databases.INSERT, Databases.row(i));
                    }
                    sync.commit();
                    return null;
                }).join();
                return timed(inserts, started, Databases.written(file));
            }
        });
        return c;
    }

    Map<String, Contender> w6() {
        Map<String, Contender> c = new LinkedHashMap<>();
        c.put("sync sqlite-jdbc", this::syncInserts);
        c.put("naive executor, thenCompose chain", dir -> {
            Path file = dir.resolve("w6.db");
            try (java.sql.Connection jdbc = Databases.jdbc(file); Naive naive = new Naive()) {
                jdbc.setAutoCommit(false);
                PreparedStatement ps = jdbc.prepareStatement(Databases.INSERT);
                long started = System.nanoTime();
                CompletableFuture<?> chain = CompletableFuture.completedFuture(null);
                for (int i = 0; i < inserts; i++) {
                    long v = i;
                    chain = chain.thenCompose(x -> naive.submit(() -> {
                        ps.setLong(1, v);
                        ps.setString(2, "row " + v);
                        ps.setDouble(3, v * 0.5);
                        return ps.executeUpdate();
                    }));
                }
                chain.thenCompose(x -> naive.submit(() -> {
                    jdbc.commit();
                    return null;
                })).join();
                return timed(inserts, started, Databases.written(file));
            }
        });
        c.put("asyncsqlite, thenCompose chain", dir -> chainedInserts(dir, "sqlite-jdbc"));
        if (nativeEngine) {
            c.put("asyncsqlite native engine, thenCompose chain", dir -> chainedInserts(dir, "native"));
        }
        c.put("asyncsqlite transaction(...) chain", dir -> {
            Path file = dir.resolve("w6.db");
            try (Connection db = Databases.async(file)) {
                long started = System.nanoTime();
                db.transaction(tx -> {
                    CompletableFuture<?> chain = CompletableFuture.completedFuture(null);
                    for (int i = 0; i < inserts; i++) {
                        long v = i;
                        chain = chain.thenCompose(x -> tx.execute(Databases.INSERT, Databases.row(v)));
                    }
                    return chain;
                }).join();
                return timed(inserts, started, Databases.written(file));
            }
        });
        return c;
    }

    private Measurement chainedInserts(Path dir, String engine) throws Exception {
        Path file = dir.resolve("w6.db");
        try (Connection db = Databases.async(file, engine)) {
            long started = System.nanoTime();
            CompletableFuture<?> chain = CompletableFuture.completedFuture(null);
            for (int i = 0; i < inserts; i++) {
                long v = i;
                chain = chain.thenCompose(x -> db.execute(Databases.INSERT, Databases.row(v)));
            }
            chain.thenCompose(x -> db.commit()).join();
            return timed(inserts, started, Databases.written(file));
        }
    }

    private Measurement syncInserts(Path dir) throws Exception {
        Path file = dir.resolve("sync.db");
        try (java.sql.Connection jdbc = Databases.jdbc(file)) {
            jdbc.setAutoCommit(false);
            try (PreparedStatement ps = jdbc.prepareStatement(Databases.INSERT)) {
                long started = System.nanoTime();
                for (int i = 0; i < inserts; i++) {
                    ps.setLong(1, i);
                    ps.setString(2, "row " + i);
                    ps.setDouble(3, i * 0.5);
                    ps.executeUpdate();
                }
                jdbc.commit();
                long nanos = System.nanoTime() - started;
                return new Measurement(inserts, nanos, Databases.written(file));
            }
        }
    }

    @FunctionalInterface
    private interface Insert {
        void run(Connection db, long i);
    }

    private Measurement asyncInserts(Path dir, Insert insert) throws Exception {
        return asyncInserts(dir, "sqlite-jdbc", insert);
    }

    private Measurement asyncInserts(Path dir, String engine, Insert insert) throws Exception {
        Path file = dir.resolve("async.db");
        try (Connection db = Databases.async(file, engine)) {
            long started = System.nanoTime();
            for (int i = 0; i < inserts; i++) {
                insert.run(db, i);
            }
            db.commit().join();
            return timed(inserts, started, Databases.written(file));
        }
    }

    // ---- W2: a million rows through executemany ---------------------------------------------

    Map<String, Contender> w2() {
        Map<String, Contender> c = new LinkedHashMap<>();
        c.put("sync sqlite-jdbc (batch)", dir -> {
            Path file = dir.resolve("w2.db");
            try (java.sql.Connection jdbc = Databases.jdbc(file)) {
                jdbc.setAutoCommit(false);
                try (PreparedStatement ps = jdbc.prepareStatement(Databases.INSERT)) {
                    long started = System.nanoTime();
                    for (int i = 0; i < bulk; i++) {
                        ps.setLong(1, i);
                        ps.setString(2, "row " + i);
                        ps.setDouble(3, i * 0.5);
                        ps.addBatch();
                    }
                    ps.executeBatch();
                    jdbc.commit();
                    long nanos = System.nanoTime() - started;
                    return new Measurement(bulk, nanos, Databases.written(file));
                }
            }
        });
        c.put("asyncsqlite executeMany", dir -> {
            Path file = dir.resolve("w2.db");
            try (Connection db = Databases.async(file)) {
                long started = System.nanoTime();
                db.executeMany(Databases.INSERT, rows(bulk)).thenCompose(x -> db.commit()).join();
                return timed(bulk, started, Databases.written(file));
            }
        });
        return c;
    }

    private static Iterable<Object[]> rows(int n) {
        return () -> new Iterator<>() {
            private long i;

            @Override
            public boolean hasNext() {
                return i < n;
            }

            @Override
            public Object[] next() {
                return Databases.row(i++);
            }
        };
    }

    // ---- W3 and W5: point selects by random id ------------------------------------------------

    private long[] ids() {
        Random random = new Random(42);
        long[] ids = new long[lookups];
        for (int i = 0; i < lookups; i++) {
            ids[i] = 1 + random.nextInt(table);
        }
        return ids;
    }

    Map<String, Contender> w3() {
        long[] ids = ids();
        Map<String, Contender> c = new LinkedHashMap<>();
        c.put("sync sqlite-jdbc", dir -> syncLookups(ids));
        c.put("naive executor, join per op", dir -> {
            try (java.sql.Connection jdbc = Databases.jdbc(readDb); Naive naive = new Naive()) {
                jdbc.setAutoCommit(false);
                PreparedStatement ps = jdbc.prepareStatement(Databases.POINT);
                long sum = 0;
                long started = System.nanoTime();
                for (long id : ids) {
                    sum += naive.join(() -> {
                        ps.setLong(1, id);
                        try (ResultSet rs = ps.executeQuery()) {
                            rs.next();
                            return rs.getLong(1);
                        }
                    });
                }
                long nanos = System.nanoTime() - started;
                naive.join(() -> {
                    jdbc.commit();
                    return null;
                });
                return new Measurement(ids.length, nanos, new Checksum(ids.length, sum));
            }
        });
        c.put("asyncsqlite executeFetchAll, join per op", dir -> asyncLookups(ids,
                (db, id) -> db.executeFetchAll(Databases.POINT, id).join().get(0).getLong(0)));
        c.put("asyncsqlite execute + fetchOne, join per op", dir -> asyncLookups(ids,
                (db, id) -> db.execute(Databases.POINT, id).thenCompose(Cursor::fetchOne).join().orElseThrow().getLong(0)));
        if (nativeEngine) {
            c.put("asyncsqlite native engine, executeFetchAll, join per op", dir -> {
                try (Connection db = dev.asyncsqlite.AsyncSqlite.connect(Databases.options(readDb).engine("native").build()).join()) {
                    db.execute("BEGIN").join();
                    long sum = 0;
                    long started = System.nanoTime();
                    for (long id : ids) {
                        sum += db.executeFetchAll(Databases.POINT, id).join().get(0).getLong(0);
                    }
                    long nanos = System.nanoTime() - started;
                    db.execute("COMMIT").join();
                    return new Measurement(ids.length, nanos, new Checksum(ids.length, sum));
                }
            });
        }
        c.put("asyncsqlite call(): every lookup in one hop", dir -> lookupsInOneCall(Databases.options(readDb), ids));
        if (nativeEngine) {
            c.put("asyncsqlite native engine, call(): every lookup in one hop",
                    dir -> lookupsInOneCall(Databases.options(readDb).engine("native"), ids));
        }
        if (CReference.unavailable() == null) {
            c.put("C, system SQLite (the physical limit)", dir -> CReference.run("W3", readDb, ids, dir));
        }
        if (dqlite != null) {
            c.put("dqlite engine (3 nodes, loopback), executeFetchAll, join per op", dir -> dqlite.lookups(ids));
        }
        c.put("asyncsqlite, join per op on a virtual thread", dir -> {
            if (!VirtualThreads.available()) {
                return null;
            }
            try (Connection db = Databases.async(readDb)) {
                db.execute("BEGIN").join();
                long[] result = new long[3];
                VirtualThreads.run(() -> {
                    result[0] = System.nanoTime();
                    for (long id : ids) {
                        result[2] += db.executeFetchAll(Databases.POINT, id).join().get(0).getLong(0);
                    }
                    result[1] = System.nanoTime();
                });
                db.execute("COMMIT").join();
                return new Measurement(ids.length, result[1] - result[0], new Checksum(ids.length, result[2]));
            }
        });
        return c;
    }

    // The engine's cost without the hop: the whole loop runs on the worker.
    // The scan read row by row inside one hop, as C reads it: with forEach the Row of each is
    // built and dropped; read in place, each column is read once and only the text is kept.
    private static Measurement scanInOneCall(dev.asyncsqlite.ConnectOptions.Builder options, boolean inPlace) {
        try (Connection db = dev.asyncsqlite.AsyncSqlite.connect(options.build()).join()) {
            return db.call(sync -> {
                Tally tally = new Tally();
                long started = System.nanoTime();
                if (inPlace) {
                    sync.scan(Databases.SCAN, r -> tally.add(r.getLong(0), r.getLong(1), r.getString(2), r.getDouble(3)));
                } else {
                    sync.forEach(Databases.SCAN, r -> tally.add(r.getLong(0), r.getLong(1), r.getString(2), r.getDouble(3)));
                }
                return timed(tally.count, started, new Checksum(tally.count, tally.sum));
            }).join();
        }
    }

    private static Measurement lookupsInOneCall(dev.asyncsqlite.ConnectOptions.Builder options, long[] ids) {
        try (Connection db = dev.asyncsqlite.AsyncSqlite.connect(options.build()).join()) {
            long[] result = db.call(sync -> {
                sync.update("BEGIN");
                long sum = 0;
                long started = System.nanoTime();
                for (long id : ids) {
                    sum += sync.queryOne(Databases.POINT, id).orElseThrow().getLong(0);
                }
                long nanos = System.nanoTime() - started;
                sync.update("COMMIT");
                return new long[] {nanos, sum};
            }).join();
            return new Measurement(ids.length, result[0], new Checksum(ids.length, result[1]));
        }
    }

    private Measurement syncLookups(long[] ids) throws Exception {
        try (java.sql.Connection jdbc = Databases.jdbc(readDb)) {
            // Both sides read inside one transaction: sqlite-jdbc's auto-commit mode would add its own
            // hidden statements after each query, which is not what is being measured.
            jdbc.setAutoCommit(false);
            try (PreparedStatement ps = jdbc.prepareStatement(Databases.POINT)) {
                long sum = 0;
                long started = System.nanoTime();
                for (long id : ids) {
                    ps.setLong(1, id);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        sum += rs.getLong(1);
                    }
                }
                long nanos = System.nanoTime() - started;
                jdbc.commit();
                return new Measurement(ids.length, nanos, new Checksum(ids.length, sum));
            }
        }
    }

    @FunctionalInterface
    private interface Lookup {
        long run(Connection db, long id);
    }

    private Measurement asyncLookups(long[] ids, Lookup lookup) {
        try (Connection db = Databases.async(readDb)) {
            db.execute("BEGIN").join();
            long sum = 0;
            long started = System.nanoTime();
            for (long id : ids) {
                sum += lookup.run(db, id);
            }
            long nanos = System.nanoTime() - started;
            db.execute("COMMIT").join();
            return new Measurement(ids.length, nanos, new Checksum(ids.length, sum));
        }
    }

    Map<String, Contender> w5() {
        long[] ids = ids();
        int tasks = 64;
        Map<String, Contender> c = new LinkedHashMap<>();
        c.put("sync sqlite-jdbc (sequential)", dir -> syncLookups(ids));
        c.put("naive executor, 64 chained tasks", dir -> {
            try (java.sql.Connection jdbc = Databases.jdbc(readDb); Naive naive = new Naive()) {
                jdbc.setAutoCommit(false);
                PreparedStatement ps = jdbc.prepareStatement(Databases.POINT);
                AtomicLong sum = new AtomicLong();
                long started = System.nanoTime();
                List<CompletableFuture<Object>> all = new ArrayList<>();
                for (int t = 0; t < tasks; t++) {
                    CompletableFuture<Object> chain = CompletableFuture.completedFuture(null);
                    for (int i = t; i < ids.length; i += tasks) {
                        long id = ids[i];
                        chain = chain.thenCompose(x -> naive.submit(() -> {
                            ps.setLong(1, id);
                            try (ResultSet rs = ps.executeQuery()) {
                                rs.next();
                                sum.addAndGet(rs.getLong(1));
                                return null;
                            }
                        }));
                    }
                    all.add(chain);
                }
                CompletableFuture.allOf(all.toArray(new CompletableFuture<?>[0])).join();
                long nanos = System.nanoTime() - started;
                naive.join(() -> {
                    jdbc.commit();
                    return null;
                });
                return new Measurement(ids.length, nanos, new Checksum(ids.length, sum.get()));
            }
        });
        c.put("asyncsqlite, 64 chained tasks", dir -> chainedLookups(ids, tasks, "sqlite-jdbc"));
        if (nativeEngine) {
            c.put("asyncsqlite native engine, 64 chained tasks", dir -> chainedLookups(ids, tasks, "native"));
        }
        return c;
    }

    private Measurement chainedLookups(long[] ids, int tasks, String engine) {
        try (Connection db = Databases.async(readDb, engine)) {
            db.execute("BEGIN").join();
            Measurement m = concurrentLookups(ids, tasks, id -> db.executeFetchAll(Databases.POINT, id));
            db.execute("COMMIT").join();
            return m;
        }
    }

    private static Measurement concurrentLookups(long[] ids, int tasks,
                                                 java.util.function.LongFunction<CompletableFuture<List<Row>>> lookup) {
        AtomicLong sum = new AtomicLong();
        long started = System.nanoTime();
        List<CompletableFuture<Object>> all = new ArrayList<>();
        for (int t = 0; t < tasks; t++) {
            CompletableFuture<Object> chain = CompletableFuture.completedFuture(null);
            for (int i = t; i < ids.length; i += tasks) {
                long id = ids[i];
                chain = chain.thenCompose(x -> lookup.apply(id)).thenApply(rows -> {
                    sum.addAndGet(rows.get(0).getLong(0));
                    return null;
                });
            }
            all.add(chain);
        }
        CompletableFuture.allOf(all.toArray(new CompletableFuture<?>[0])).join();
        return new Measurement(ids.length, System.nanoTime() - started, new Checksum(ids.length, sum.get()));
    }

    // ---- W9: many connections, each used by one thread that joins per operation ---------------

    private static final int W9_THREADS = 16;

    @FunctionalInterface
    private interface Opener<R extends AutoCloseable> {
        R open() throws Exception;
    }

    @FunctionalInterface
    private interface Lookups<R extends AutoCloseable> {
        /** Reads ids[from], ids[from + step], ... and returns the sum of column a. */
        long run(R resource, long[] ids, int from, int step) throws Exception;
    }

    /** What one thread of the naive contender uses: its JDBC connection behind its own executor. */
    private record NaiveConnection(java.sql.Connection jdbc, PreparedStatement point, Naive naive) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            naive.close();
            jdbc.close();
        }
    }

    Map<String, Contender> w9() {
        long[] ids = ids();
        Map<String, Contender> c = new LinkedHashMap<>();
        c.put("sync sqlite-jdbc, a connection per thread", dir -> onThreads(ids, () -> {
            java.sql.Connection jdbc = Databases.jdbc(readDb);
            jdbc.setAutoCommit(false);
            return jdbc;
        }, (jdbc, all, from, step) -> {
            try (PreparedStatement ps = jdbc.prepareStatement(Databases.POINT)) {
                long sum = 0;
                for (int i = from; i < all.length; i += step) {
                    ps.setLong(1, all[i]);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        sum += rs.getLong(1);
                    }
                }
                jdbc.commit();
                return sum;
            }
        }));
        c.put("naive executor per connection, join per op", dir -> onThreads(ids, () -> {
            java.sql.Connection jdbc = Databases.jdbc(readDb);
            jdbc.setAutoCommit(false);
            return new NaiveConnection(jdbc, jdbc.prepareStatement(Databases.POINT), new Naive());
        }, (n, all, from, step) -> {
            long sum = 0;
            for (int i = from; i < all.length; i += step) {
                long id = all[i];
                sum += n.naive().join(() -> {
                    n.point().setLong(1, id);
                    try (ResultSet rs = n.point().executeQuery()) {
                        rs.next();
                        return rs.getLong(1);
                    }
                });
            }
            n.naive().join(() -> {
                n.jdbc().commit();
                return null;
            });
            return sum;
        }));
        c.put("asyncsqlite, a connection per thread, join per op", dir -> onThreads(ids, () -> Databases.async(readDb),
                Workloads::joinedLookups));
        if (nativeEngine) {
            c.put("asyncsqlite native engine, a connection per thread, join per op", dir -> onThreads(ids,
                    () -> Databases.async(readDb, "native"), Workloads::joinedLookups));
        }
        c.put("asyncsqlite, one Pool shared by the threads, join per op", dir -> {
            try (Pool pool = pool(readDb)) {
                return onThreads(ids, () -> () -> { }, (none, all, from, step) -> {
                    long sum = 0;
                    for (int i = from; i < all.length; i += step) {
                        sum += pool.executeFetchAll(Databases.POINT, all[i]).join().get(0).getLong(0);
                    }
                    return sum;
                });
            }
        });
        return c;
    }

    private static long joinedLookups(Connection db, long[] ids, int from, int step) {
        db.execute("BEGIN").join();
        long sum = 0;
        for (int i = from; i < ids.length; i += step) {
            sum += db.executeFetchAll(Databases.POINT, ids[i]).join().get(0).getLong(0);
        }
        db.execute("COMMIT").join();
        return sum;
    }

    // Each of W9_THREADS threads opens its own resource, then all start together and read every
    // W9_THREADS-th id; timed from the start to the last thread's end, opening excluded.
    private static <R extends AutoCloseable> Measurement onThreads(long[] ids, Opener<R> open, Lookups<R> lookups)
            throws Exception {
        java.util.concurrent.CyclicBarrier ready = new java.util.concurrent.CyclicBarrier(W9_THREADS + 1);
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(W9_THREADS);
        try {
            List<java.util.concurrent.Future<Long>> sums = new ArrayList<>();
            for (int t = 0; t < W9_THREADS; t++) {
                int from = t;
                sums.add(threads.submit(() -> {
                    try (R resource = open.open()) {
                        ready.await(1, java.util.concurrent.TimeUnit.MINUTES);
                        return lookups.run(resource, ids, from, W9_THREADS);
                    }
                }));
            }
            ready.await(1, java.util.concurrent.TimeUnit.MINUTES);
            long started = System.nanoTime();
            long sum = 0;
            for (java.util.concurrent.Future<Long> f : sums) {
                sum += f.get();
            }
            return timed(ids.length, started, new Checksum(ids.length, sum));
        } finally {
            threads.shutdownNow();
        }
    }

    // ---- HOP: the hop alone, on a statement that touches no table -------------------------------

    private static final String HOP = "SELECT ?";

    Map<String, Contender> hop() {
        Map<String, Contender> c = new LinkedHashMap<>();
        c.put("sync sqlite-jdbc", dir -> {
            try (java.sql.Connection jdbc = Databases.jdbc(dir.resolve("hop.db"));
                 PreparedStatement ps = jdbc.prepareStatement(HOP)) {
                jdbc.setAutoCommit(false);
                long sum = 0;
                long started = System.nanoTime();
                for (int i = 0; i < lookups; i++) {
                    ps.setLong(1, i);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        sum += rs.getLong(1);
                    }
                }
                return timed(lookups, started, new Checksum(lookups, sum));
            }
        });
        c.put("naive executor, join per op", dir -> {
            try (java.sql.Connection jdbc = Databases.jdbc(dir.resolve("hop.db"));
                 PreparedStatement ps = jdbc.prepareStatement(HOP); Naive naive = new Naive()) {
                jdbc.setAutoCommit(false);
                long sum = 0;
                long started = System.nanoTime();
                for (int i = 0; i < lookups; i++) {
                    long v = i;
                    sum += naive.join(() -> {
                        ps.setLong(1, v);
                        try (ResultSet rs = ps.executeQuery()) {
                            rs.next();
                            return rs.getLong(1);
                        }
                    });
                }
                return timed(lookups, started, new Checksum(lookups, sum));
            }
        });
        c.put("asyncsqlite executeFetchAll, join per op", dir -> hops(dir, "sqlite-jdbc"));
        if (nativeEngine) {
            c.put("asyncsqlite native engine, executeFetchAll, join per op", dir -> hops(dir, "native"));
        }
        c.put("asyncsqlite, join per op on a virtual thread", dir -> {
            if (!VirtualThreads.available()) {
                return null;
            }
            try (Connection db = Databases.async(dir.resolve("hop.db"))) {
                long[] result = new long[3];
                VirtualThreads.run(() -> {
                    result[0] = System.nanoTime();
                    for (int i = 0; i < lookups; i++) {
                        result[2] += db.executeFetchAll(HOP, (long) i).join().get(0).getLong(0);
                    }
                    result[1] = System.nanoTime();
                });
                return new Measurement(lookups, result[1] - result[0], new Checksum(lookups, result[2]));
            }
        });
        c.put("asyncsqlite empty call(), join per op (the hop alone)", dir -> {
            try (Connection db = Databases.async(dir.resolve("hop.db"))) {
                long sum = 0;
                long started = System.nanoTime();
                for (int i = 0; i < lookups; i++) {
                    long v = i;
                    sum += db.call(sync -> v).join();
                }
                return timed(lookups, started, new Checksum(lookups, sum));
            }
        });
        return c;
    }

    private Measurement hops(Path dir, String engine) {
        try (Connection db = Databases.async(dir.resolve("hop.db"), engine)) {
            long sum = 0;
            long started = System.nanoTime();
            for (int i = 0; i < lookups; i++) {
                sum += db.executeFetchAll(HOP, (long) i).join().get(0).getLong(0);
            }
            return timed(lookups, started, new Checksum(lookups, sum));
        }
    }

    // ---- W4: a full scan reading every column ------------------------------------------------

    private static Checksum add(Checksum acc, long id, long a, String b, double c) {
        return new Checksum(acc.count() + 1, acc.sum() + id + a + b.length() + (long) c);
    }

    // The checksum of a scan read through a callback, kept in fields: a Checksum per row would be
    // an allocation the sync reference, whose accumulator is a local, does not make.
    private static final class Tally {
        long count;
        long sum;

        void add(long id, long a, String b, double c) {
            count++;
            sum += id + a + b.length() + (long) c;
        }
    }

    Map<String, Contender> w4() {
        Map<String, Contender> c = new LinkedHashMap<>();
        c.put("sync sqlite-jdbc", dir -> {
            try (java.sql.Connection jdbc = Databases.jdbc(readDb); Statement s = jdbc.createStatement()) {
                long started = System.nanoTime();
                Checksum acc = new Checksum(0, 0);
                try (ResultSet rs = s.executeQuery(Databases.SCAN)) {
                    while (rs.next()) {
                        acc = add(acc, rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getDouble(4));
                    }
                }
                return timed(acc.count(), started, acc);
            }
        });
        c.put("sync sqlite-jdbc, every row kept as Object[] (what fetchAll returns)", dir -> {
            try (java.sql.Connection jdbc = Databases.jdbc(readDb); Statement s = jdbc.createStatement()) {
                long started = System.nanoTime();
                List<Object[]> rows = new ArrayList<>();
                try (ResultSet rs = s.executeQuery(Databases.SCAN)) {
                    while (rs.next()) {
                        rows.add(new Object[] {rs.getObject(1), rs.getObject(2), rs.getObject(3), rs.getObject(4)});
                    }
                }
                Checksum acc = new Checksum(0, 0);
                for (Object[] r : rows) {
                    acc = add(acc, ((Number) r[0]).longValue(), ((Number) r[1]).longValue(), (String) r[2],
                            ((Number) r[3]).doubleValue());
                }
                return timed(acc.count(), started, acc);
            }
        });
        c.put("asyncsqlite executeFetchAll", dir -> {
            try (Connection db = Databases.async(readDb)) {
                long started = System.nanoTime();
                Checksum acc = new Checksum(0, 0);
                for (Row r : db.executeFetchAll(Databases.SCAN).join()) {
                    acc = add(acc, (Long) r.get(0), (Long) r.get(1), (String) r.get(2), (Double) r.get(3));
                }
                return timed(acc.count(), started, acc);
            }
        });
        if (nativeEngine) {
            c.put("asyncsqlite native engine, executeFetchAll", dir -> {
                try (Connection db = dev.asyncsqlite.AsyncSqlite.connect(Databases.options(readDb).engine("native").build()).join()) {
                    long started = System.nanoTime();
                    Checksum acc = new Checksum(0, 0);
                    for (Row r : db.executeFetchAll(Databases.SCAN).join()) {
                        acc = add(acc, (Long) r.get(0), (Long) r.get(1), (String) r.get(2), (Double) r.get(3));
                    }
                    return timed(acc.count(), started, acc);
                }
            });
        }
        c.put("asyncsqlite call(): forEach over the scan, no rows kept", dir -> scanInOneCall(Databases.options(readDb), false));
        if (nativeEngine) {
            c.put("asyncsqlite native engine, call(): forEach over the scan, no rows kept",
                    dir -> scanInOneCall(Databases.options(readDb).engine("native"), false));
        }
        c.put("asyncsqlite call(): scan, columns read in place (RowView)", dir -> scanInOneCall(Databases.options(readDb), true));
        if (nativeEngine) {
            c.put("asyncsqlite native engine, call(): scan, columns read in place (RowView)",
                    dir -> scanInOneCall(Databases.options(readDb).engine("native"), true));
        }
        if (CReference.unavailable() == null) {
            c.put("C, system SQLite (the physical limit)", dir -> CReference.run("W4", readDb, new long[0], dir));
        }
        if (dqlite != null) {
            c.put("dqlite engine (3 nodes, loopback), executeFetchAll", dir -> dqlite.scan(Workloads::add));
        }
        c.put("asyncsqlite rows() publisher", dir -> {
            try (Connection db = Databases.async(readDb)) {
                long started = System.nanoTime();
                Cursor cursor = db.execute(Databases.SCAN).join();
                CompletableFuture<Checksum> done = new CompletableFuture<>();
                int chunk = db.options().iterChunkSize();
                cursor.rows().subscribe(new Flow.Subscriber<>() {
                    private Flow.Subscription s;
                    private Checksum acc = new Checksum(0, 0);
                    private int received;

                    @Override
                    public void onSubscribe(Flow.Subscription s) {
                        this.s = s;
                        s.request(chunk);
                    }

                    @Override
                    public void onNext(Row r) {
                        acc = add(acc, (Long) r.get(0), (Long) r.get(1), (String) r.get(2), (Double) r.get(3));
                        if (++received == chunk) {
                            received = 0;
                            s.request(chunk);
                        }
                    }

                    @Override
                    public void onError(Throwable t) {
                        done.completeExceptionally(t);
                    }

                    @Override
                    public void onComplete() {
                        done.complete(acc);
                    }
                });
                Checksum acc = done.join();
                return timed(acc.count(), started, acc);
            }
        });
        return c;
    }

    // ---- W7 and W8: the pool -----------------------------------------------------------------

    Map<String, Contender> w7() {
        long[] ids = ids();
        Map<String, Contender> c = new LinkedHashMap<>();
        c.put("one Connection, 64 chained tasks", dir -> {
            try (Connection db = Databases.async(readDb)) {
                return concurrentLookups(ids, 64, id -> db.executeFetchAll(Databases.POINT, id));
            }
        });
        c.put("Pool, 64 chained tasks", dir -> {
            try (Pool pool = pool(readDb)) {
                return concurrentLookups(ids, 64, id -> pool.executeFetchAll(Databases.POINT, id));
            }
        });
        return c;
    }

    Map<String, Contender> w8() {
        long[] ids = ids();
        Map<String, Contender> c = new LinkedHashMap<>();
        c.put("one Connection, 64 readers + 1 writer", dir -> {
            Path file = copy(dir);
            try (Connection db = dev.asyncsqlite.AsyncSqlite.connect(Databases.options(file)
                    .isolationLevel(dev.asyncsqlite.IsolationLevel.AUTOCOMMIT).build()).join()) {
                return whileWriting(id -> db.executeFetchAll(Databases.POINT, id),
                        i -> db.executeInsert(Databases.INSERT, Databases.row(i)), ids);
            }
        });
        c.put("Pool, 64 readers + 1 writer", dir -> {
            Path file = copy(dir);
            try (Pool pool = pool(file)) {
                return whileWriting(id -> pool.executeFetchAll(Databases.POINT, id),
                        i -> pool.executeInsert(Databases.INSERT, Databases.row(i)), ids);
            }
        });
        return c;
    }

    private static Pool pool(Path file) {
        return dev.asyncsqlite.AsyncSqlite.pool(PoolOptions.builder(Databases.options(file).build()).build()).join();
    }

    private Path copy(Path dir) throws Exception {
        Path file = dir.resolve("w8.db");
        try (Connection db = Databases.async(readDb)) {
            db.backup(file).join();
        }
        return file;
    }

    // Reads from 64 tasks while one task inserts until the reads are done; reports reads, and
    // counts the writes in the checksum so starvation shows.
    private static Measurement whileWriting(java.util.function.LongFunction<CompletableFuture<List<Row>>> read,
                                            java.util.function.LongFunction<CompletableFuture<Long>> write, long[] ids) {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong writes = new AtomicLong();
        CompletableFuture<Void> writer = new CompletableFuture<>();
        writeLoop(write, stop, writes, writer, 0);
        Measurement reads = concurrentLookups(ids, 64, read);
        stop.set(true);
        writer.join();
        return new Measurement(reads.operations(), reads.nanos(), reads.checksum(),
                String.format(java.util.Locale.ROOT, "%,.0f writes/s alongside", writes.get() * 1e9 / reads.nanos()));
    }

    private static void writeLoop(java.util.function.LongFunction<CompletableFuture<Long>> write, AtomicBoolean stop,
                                  AtomicLong writes, CompletableFuture<Void> done, long i) {
        if (stop.get()) {
            done.complete(null);
            return;
        }
        write.apply(1_000_000_000L + i).whenComplete((id, error) -> {
            if (error != null) {
                done.completeExceptionally(error);
                return;
            }
            writes.incrementAndGet();
            writeLoop(write, stop, writes, done, i + 1);
        });
    }
}
