package dev.asyncsqlite.reliability;

import dev.asyncsqlite.AsyncSqlite;
import dev.asyncsqlite.Connection;
import dev.asyncsqlite.Cursor;
import dev.asyncsqlite.Row;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The child of {@link BoundedMemoryTest}: streams many rows of 200 bytes each through
 * {@code Cursor.rows()} to a subscriber that asks for one row at a time and is slow, in a JVM too
 * small to hold them, and prints the count.
 */
public final class StreamingChild {
    private StreamingChild() {
    }

    public static void main(String[] args) throws Exception {
        long rows = Long.parseLong(args[0]);
        try (Connection db = AsyncSqlite.connect(":memory:").join()) {
            Cursor cursor = db.execute("WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r WHERE i < ?)"
                    + " SELECT i, printf('%.200c', 'x') FROM r", rows).join();
            AtomicLong seen = new AtomicLong();
            CompletableFuture<Void> done = new CompletableFuture<>();
            cursor.rows().subscribe(new Flow.Subscriber<>() {
                private Flow.Subscription subscription;
                private long checksum;

                @Override
                public void onSubscribe(Flow.Subscription s) {
                    subscription = s;
                    s.request(1);
                }

                @Override
                public void onNext(Row row) {
                    // A slow consumer: some work per row, one row at a time.
                    for (int i = 0; i < 50; i++) {
                        checksum += row.getString(1).charAt(i) + i;
                    }
                    seen.incrementAndGet();
                    subscription.request(1);
                }

                @Override
                public void onError(Throwable t) {
                    done.completeExceptionally(t);
                }

                @Override
                public void onComplete() {
                    done.complete(null);
                }
            });
            done.join();
            System.out.println("ROWS " + seen.get());
        }
    }
}
