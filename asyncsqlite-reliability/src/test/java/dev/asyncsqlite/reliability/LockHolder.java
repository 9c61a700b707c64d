package dev.asyncsqlite.reliability;

import dev.asyncsqlite.AsyncSqlite;
import dev.asyncsqlite.ConnectOptions;
import dev.asyncsqlite.Connection;
import dev.asyncsqlite.IsolationLevel;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * The child of {@link FaultsTest}'s busy case: takes an exclusive lock on a database, prints
 * {@code LOCKED}, and holds it until a line arrives on standard input.
 */
public final class LockHolder {
    private LockHolder() {
    }

    public static void main(String[] args) throws Exception {
        try (Connection db = AsyncSqlite.connect(ConnectOptions.builder(args[0])
                .isolationLevel(IsolationLevel.AUTOCOMMIT).build()).join()) {
            db.execute("BEGIN EXCLUSIVE").join();
            db.execute("INSERT INTO t VALUES ('held')").join();
            System.out.println("LOCKED");
            System.out.flush();
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            db.execute("ROLLBACK").join();
        }
    }
}
