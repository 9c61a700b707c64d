package dev.asyncsqlite.examples;

import dev.asyncsqlite.AsyncSqlite;
import dev.asyncsqlite.Connection;
import dev.asyncsqlite.Cursor;
import dev.asyncsqlite.Row;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

/**
 * The aiosqlite quickstart in Java: create a table, insert, query through a cursor, update,
 * delete, count. The database path comes from {@code ASYNCSQLITE_DB_PATH} (default
 * {@code my_database.db}).
 */
public final class Quickstart {
    private Quickstart() {
    }

    /**
     * Runs the quickstart.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        String path = System.getenv().getOrDefault("ASYNCSQLITE_DB_PATH", "my_database.db");
        try (Connection db = AsyncSqlite.connect(path).join()) {
            db.execute("CREATE TABLE IF NOT EXISTS users ("
                    + "id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL, age INTEGER)").join();
            db.execute("INSERT INTO users (name, age) VALUES (?, ?)", "Alice", 30).join();
            db.execute("INSERT INTO users (name, age) VALUES (?, ?)", "Bob", 24).join();
            db.commit().join();

            System.out.println("Users older than 25:");
            Cursor cursor = db.execute("SELECT id, name, age FROM users WHERE age > ?", 25).join();
            forEach(cursor, row -> System.out.println(
                    " ID: " + row.getLong("id") + ", Name: " + row.getString("name") + ", Age: " + row.getLong("age"))).join();

            db.execute("UPDATE users SET age = ? WHERE name = ?", 31, "Alice").join();
            db.execute("DELETE FROM users WHERE name = ?", "Bob").join();
            db.commit().join();

            long remaining = db.executeFetchAll("SELECT COUNT(*) FROM users").join().get(0).getLong(0);
            System.out.println("Total users remaining: " + remaining);
        }
    }

    // `async for row in cursor`: the cursor's rows as a Flow.Publisher, one row per request.
    private static CompletableFuture<Void> forEach(Cursor cursor, java.util.function.Consumer<Row> action) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        cursor.rows().subscribe(new Flow.Subscriber<>() {
            private Flow.Subscription subscription;

            @Override
            public void onSubscribe(Flow.Subscription s) {
                subscription = s;
                s.request(1);
            }

            @Override
            public void onNext(Row row) {
                action.accept(row);
                subscription.request(1);
            }

            @Override
            public void onError(Throwable error) {
                done.completeExceptionally(error);
            }

            @Override
            public void onComplete() {
                done.complete(null);
            }
        });
        return done;
    }
}
