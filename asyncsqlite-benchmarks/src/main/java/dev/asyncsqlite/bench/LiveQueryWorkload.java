package dev.asyncsqlite.bench;

import dev.asyncsqlite.AsyncSqlite;
import dev.asyncsqlite.Pool;
import dev.asyncsqlite.PoolOptions;
import dev.asyncsqlite.Row;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * LIVE: what live queries cost the writes they watch. Single-row INSERTs on a pool, each its own
 * committed transaction, awaited one by one, while 0, 1, 100 or 1,000 watches of the same table
 * re-run on the pool's readers; timed until every watch has emitted the last row. With no watch
 * the connections install no hook, so that row is the cost of a write as it was before live
 * queries existed.
 */
final class LiveQueryWorkload {
    private static final String LATEST = "SELECT id, a FROM t ORDER BY id DESC LIMIT 1";
    private static final long WAIT_MINUTES = 10;

    private LiveQueryWorkload() {
    }

    static Map<String, Contender> contenders(double scale) {
        int writes = Math.max(100, (int) (10_000 * scale));
        Map<String, Contender> c = new LinkedHashMap<>();
        c.put("Pool, no watch", dir -> run(dir, 0, writes));
        for (int watchers : new int[] {1, 100, 1_000}) {
            c.put("Pool, " + String.format(Locale.ROOT, "%,d", watchers) + (watchers == 1 ? " watch" : " watches")
                    + " of the table", dir -> run(dir, watchers, writes));
        }
        return c;
    }

    /** One watch: counts what it receives and tells when it has seen the last row. */
    private static final class Watcher implements Flow.Subscriber<List<Row>> {
        private final long lastId;
        private final CountDownLatch first;
        private final CountDownLatch done;
        private final AtomicLong emissions;
        volatile Flow.Subscription subscription;
        volatile Throwable failure;
        // Signals to one subscriber never overlap.
        private boolean seenFirst;

        Watcher(long lastId, CountDownLatch first, CountDownLatch done, AtomicLong emissions) {
            this.lastId = lastId;
            this.first = first;
            this.done = done;
            this.emissions = emissions;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<Row> rows) {
            emissions.incrementAndGet();
            if (!seenFirst) {
                seenFirst = true;
                first.countDown();
            }
            if (!rows.isEmpty() && rows.get(0).getLong(0) == lastId) {
                done.countDown();
            }
        }

        @Override
        public void onError(Throwable t) {
            failure = t;
            first.countDown();
            done.countDown();
        }

        @Override
        public void onComplete() {
        }
    }

    private static Measurement run(Path dir, int watchers, int writes) throws Exception {
        Path file = dir.resolve("live.db");
        try (Pool pool = AsyncSqlite.pool(PoolOptions.builder(Databases.options(file).build()).build()).join()) {
            pool.executeFetchAll(Databases.SCHEMA).join();
            CountDownLatch first = new CountDownLatch(watchers);
            CountDownLatch done = new CountDownLatch(watchers);
            AtomicLong emissions = new AtomicLong();
            List<Watcher> subscribed = new ArrayList<>();
            for (int i = 0; i < watchers; i++) {
                Watcher watcher = new Watcher(writes, first, done, emissions);
                subscribed.add(watcher);
                pool.watch(LATEST).subscribe(watcher);
            }
            await(first, "every watch's first result");
            emissions.set(0);

            long started = System.nanoTime();
            for (int i = 1; i <= writes; i++) {
                pool.executeInsert(Databases.INSERT, Databases.row(i)).join();
            }
            await(done, "every watch to see the last write");
            long nanos = System.nanoTime() - started;

            for (Watcher watcher : subscribed) {
                if (watcher.failure != null) {
                    throw new IllegalStateException("a watch failed", watcher.failure);
                }
                watcher.subscription.cancel();
            }
            String note = watchers == 0 ? "" : String.format(Locale.ROOT, "%.3f runs per write and watch",
                    emissions.get() / (double) writes / watchers);
            return new Measurement(writes, nanos, Databases.written(file), note);
        }
    }

    private static void await(CountDownLatch latch, String what) throws InterruptedException {
        if (!latch.await(WAIT_MINUTES, TimeUnit.MINUTES)) {
            throw new IllegalStateException("waited " + WAIT_MINUTES + " minutes for " + what);
        }
    }
}
