package dev.asyncsqlite;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * A writer in another process, for {@link WatchAcrossProcessesTest}: opens the database named by
 * its argument, prints {@code READY}, then runs each SQL statement it reads from standard input
 * in autocommit mode and prints {@code DONE} once it has committed; ends at end of input.
 */
public final class WatchWriterChild {
    private WatchWriterChild() {
    }

    /**
     * Runs the writer.
     *
     * @param args the database file
     * @throws Exception if a statement fails
     */
    public static void main(String[] args) throws Exception {
        ConnectOptions options = ConnectOptions.builder(args[0]).isolationLevel(IsolationLevel.AUTOCOMMIT).build();
        try (Connection db = AsyncSqlite.connect(options).join();
             BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            System.out.println("READY");
            for (String sql; (sql = in.readLine()) != null; ) {
                db.execute(sql).join();
                System.out.println("DONE");
            }
        }
    }
}
