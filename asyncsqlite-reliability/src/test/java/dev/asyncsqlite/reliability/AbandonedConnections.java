package dev.asyncsqlite.reliability;

import dev.asyncsqlite.AsyncSqlite;
import dev.asyncsqlite.Connection;

/**
 * The child of {@link LifecycleSoakTest}: opens connections, commits a row, and returns from
 * {@code main} without closing anything. The JVM must still exit promptly.
 */
public final class AbandonedConnections {
    private AbandonedConnections() {
    }

    public static void main(String[] args) {
        Connection db = AsyncSqlite.connect(args[0]).join();
        db.execute("CREATE TABLE IF NOT EXISTS t(v)").join();
        db.execute("INSERT INTO t VALUES ('committed before exit')").join();
        db.commit().join();
        db.execute("INSERT INTO t VALUES ('never committed')").join();
        for (int i = 0; i < 5; i++) {
            AsyncSqlite.connect(":memory:").join().execute("SELECT 1");
        }
        System.out.println("RETURNING");
    }
}
