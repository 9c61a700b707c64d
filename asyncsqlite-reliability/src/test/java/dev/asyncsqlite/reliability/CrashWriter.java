package dev.asyncsqlite.reliability;

import dev.asyncsqlite.AsyncSqlite;
import dev.asyncsqlite.ConnectOptions;
import dev.asyncsqlite.Connection;
import dev.asyncsqlite.IsolationLevel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The child of {@link CrashDurabilityTest}: writes numbered transactions, each a marker row and
 * {@link #DETAILS} detail rows, and prints {@code ACK n} only after transaction n's future
 * completed. It writes until it is killed.
 *
 * <p>Arguments: database path, mode ({@code single}, {@code many}, {@code transaction},
 * {@code pipelined}), synchronous setting ({@code FULL} or {@code NORMAL}).
 */
public final class CrashWriter {
    static final int DETAILS = 5;
    static final String SCHEMA = "CREATE TABLE IF NOT EXISTS log(txn INTEGER NOT NULL, part INTEGER NOT NULL,"
            + " payload TEXT, PRIMARY KEY (txn, part))";

    private CrashWriter() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args[1];
        ConnectOptions options = ConnectOptions.builder(args[0]).pragma("journal_mode", "WAL")
                .pragma("synchronous", args[2])
                .isolationLevel(mode.equals("single") ? IsolationLevel.DEFERRED : IsolationLevel.AUTOCOMMIT).build();
        Connection db = AsyncSqlite.connect(options).join();
        db.execute(SCHEMA).join();
        long next = db.executeFetchAll("SELECT coalesce(max(txn), 0) + 1 FROM log").join().get(0).getLong(0);
        System.out.println("READY " + next);
        System.out.flush();
        for (long txn = next; ; txn++) {
            switch (mode) {
                case "single":
                    single(db, txn).join();
                    ack(txn);
                    break;
                case "many":
                    db.executeMany("INSERT INTO log VALUES (?, ?, ?)", rows(txn)).join();
                    ack(txn);
                    break;
                case "transaction":
                    transaction(db, txn).join();
                    ack(txn);
                    break;
                default:
                    List<CompletableFuture<Long>> inFlight = new ArrayList<>();
                    for (int i = 0; i < 8; i++) {
                        long id = txn + i;
                        inFlight.add(transaction(db, id).thenApply(x -> id));
                    }
                    for (CompletableFuture<Long> f : inFlight) {
                        ack(f.join());
                    }
                    txn += 7;
                    break;
            }
        }
    }

    private static CompletableFuture<Void> single(Connection db, long txn) {
        CompletableFuture<?> chain = db.execute("INSERT INTO log VALUES (?, 0, 'marker')", txn);
        for (int part = 1; part <= DETAILS; part++) {
            int p = part;
            chain = chain.thenCompose(c -> db.execute("INSERT INTO log VALUES (?, ?, ?)", txn, p, "detail " + p));
        }
        return chain.thenCompose(c -> db.commit());
    }

    private static CompletableFuture<Void> transaction(Connection db, long txn) {
        return db.transaction(tx -> {
            CompletableFuture<?> chain = tx.execute("INSERT INTO log VALUES (?, 0, 'marker')", txn);
            for (int part = 1; part <= DETAILS; part++) {
                int p = part;
                chain = chain.thenCompose(c -> tx.execute("INSERT INTO log VALUES (?, ?, ?)", txn, p, "detail " + p));
            }
            return chain.thenApply(c -> null);
        });
    }

    private static List<Object[]> rows(long txn) {
        List<Object[]> rows = new ArrayList<>();
        rows.add(new Object[] {txn, 0, "marker"});
        for (int part = 1; part <= DETAILS; part++) {
            rows.add(new Object[] {txn, part, "detail " + part});
        }
        return rows;
    }

    private static void ack(long txn) {
        System.out.println("ACK " + txn);
        System.out.flush();
    }
}
