package dev.asyncsqlite;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TransactionTest {
    @TempDir
    Path dir;

    private Connection db;

    @BeforeEach
    void open() throws Exception {
        db = AsyncSqlite.connect(dir.resolve("tx.db")).get(10, SECONDS);
        db.executeScript("CREATE TABLE account(id INTEGER PRIMARY KEY, balance INTEGER NOT NULL CHECK (balance >= 0));"
                + "INSERT INTO account VALUES (1, 100), (2, 0);").get(10, SECONDS);
    }

    @AfterEach
    void close() {
        db.close();
    }

    private static <T> T await(CompletableFuture<T> f) throws Exception {
        return f.get(10, SECONDS);
    }

    private long balance(long id) throws Exception {
        return await(db.executeFetchAll("SELECT balance FROM account WHERE id = ?", id)).get(0).getLong(0);
    }

    private static CompletableFuture<Long> transfer(Transaction tx, long amount) {
        return tx.execute("UPDATE account SET balance = balance - ? WHERE id = 1", amount)
                .thenCompose(c -> tx.execute("UPDATE account SET balance = balance + ? WHERE id = 2", amount))
                .thenCompose(c -> tx.executeFetchAll("SELECT balance FROM account WHERE id = 2"))
                .thenApply(rows -> rows.get(0).getLong(0));
    }

    @Test
    void aSuccessfulBodyIsCommitted() throws Exception {
        long result = await(db.transaction(tx -> transfer(tx, 30)));
        assertThat(result).isEqualTo(30);
        assertThat(await(db.inTransaction())).isFalse();
        try (Connection other = await(AsyncSqlite.connect(dir.resolve("tx.db")))) {
            assertThat(await(other.executeFetchAll("SELECT balance FROM account ORDER BY id")))
                    .extracting(r -> r.getLong(0)).containsExactly(70L, 30L);
        }
    }

    @Test
    void aFailingStatementRollsEverythingBack() throws Exception {
        CompletableFuture<Long> tx = db.transaction(t -> transfer(t, 10).thenCompose(x -> transfer(t, 500)));
        assertThatThrownBy(() -> await(tx)).cause().isInstanceOf(IntegrityConstraintException.class);
        assertThat(balance(1)).isEqualTo(100);
        assertThat(balance(2)).isZero();
        assertThat(await(db.inTransaction())).isFalse();
    }

    @Test
    void aBodyThatThrowsRollsBack() throws Exception {
        CompletableFuture<Object> tx = db.transaction(t -> {
            t.execute("UPDATE account SET balance = 0");
            throw new IllegalArgumentException("no");
        });
        assertThatThrownBy(() -> await(tx)).cause().isInstanceOf(IllegalArgumentException.class).hasMessage("no");
        assertThat(balance(1)).isEqualTo(100);
    }

    @Test
    void otherCallersWaitUntilTheTransactionEnds() throws Exception {
        List<String> order = new CopyOnWriteArrayList<>();
        CountDownLatch bodyStarted = new CountDownLatch(1);
        CompletableFuture<Void> release = new CompletableFuture<>();
        CompletableFuture<Void> tx = db.transaction(t -> {
            bodyStarted.countDown();
            return release.thenCompose(x -> t.execute("UPDATE account SET balance = 1 WHERE id = 2"))
                    .thenAccept(c -> order.add("tx"));
        });
        assertThat(bodyStarted.await(10, SECONDS)).isTrue();
        CompletableFuture<List<Row>> outsider = db.executeFetchAll("SELECT balance FROM account WHERE id = 2")
                .whenComplete((r, e) -> order.add("outsider"));
        assertThat(outsider).isNotDone();
        release.complete(null);
        await(tx);
        assertThat(await(outsider).get(0).getLong(0)).as("the outsider saw the committed state").isEqualTo(1);
        assertThat(order).containsExactly("tx", "outsider");
    }

    @Test
    void concurrentTransactionsNeverInterleave() throws Exception {
        List<CompletableFuture<Long>> all = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            all.add(db.transaction(t -> transfer(t, 5)));
        }
        for (CompletableFuture<Long> f : all) {
            await(f);
        }
        assertThat(balance(1)).isZero();
        assertThat(balance(2)).isEqualTo(100);
    }

    @Test
    void theHandleCannotBeUsedAfterTheTransaction() throws Exception {
        Transaction escaped = await(db.transaction(CompletableFuture::completedFuture));
        assertThatThrownBy(() -> await(escaped.execute("SELECT 1"))).cause().isInstanceOf(IllegalStateException.class);
        assertThat(escaped.cursor()).isCompletedExceptionally();
    }

    @Test
    void aTransactionCannotStartInsideAnOpenOne() throws Exception {
        await(db.execute("UPDATE account SET balance = 5 WHERE id = 2"));
        CompletableFuture<Object> tx = db.transaction(t -> CompletableFuture.completedFuture(null));
        assertThatThrownBy(() -> await(tx)).cause().isInstanceOf(ProgrammingException.class).hasMessageContaining("already open");
        await(db.rollback());
    }

    @Test
    void aBodyThatNeverFinishesIsRolledBackAtTheTimeout() throws Exception {
        ConnectOptions options = ConnectOptions.builder(dir.resolve("tx.db")).transactionTimeout(Duration.ofMillis(200)).build();
        try (Connection short_ = await(AsyncSqlite.connect(options))) {
            CompletableFuture<Object> tx = short_.transaction(t -> t.execute("UPDATE account SET balance = 0")
                    .thenCompose(c -> new CompletableFuture<>()));
            assertThatThrownBy(() -> await(tx)).cause().isInstanceOf(TimeoutException.class);
            assertThat(await(short_.executeFetchAll("SELECT balance FROM account WHERE id = 1")).get(0).getLong(0)).isEqualTo(100);
        }
    }

    @Test
    void cancellingTheTransactionRollsItBack() throws Exception {
        CountDownLatch updated = new CountDownLatch(1);
        CompletableFuture<Object> tx = db.transaction(t -> t.execute("UPDATE account SET balance = 0")
                .thenCompose(c -> {
                    updated.countDown();
                    return new CompletableFuture<>();
                }));
        assertThat(updated.await(10, SECONDS)).isTrue();
        tx.cancel(true);
        assertThat(balance(1)).isEqualTo(100);
        assertThat(await(db.inTransaction())).isFalse();
    }

    @Test
    void cursorsOfATransactionRunInsideIt() throws Exception {
        long seen = await(db.transaction(t -> t.cursor()
                .thenCompose(c -> c.execute("UPDATE account SET balance = 7 WHERE id = 2"))
                .thenCompose(c -> t.cursor())
                .thenCompose(c -> c.execute("SELECT balance FROM account WHERE id = 2"))
                .thenCompose(Cursor::fetchOne)
                .thenApply(r -> r.orElseThrow().getLong(0))));
        assertThat(seen).isEqualTo(7);
        assertThat(balance(2)).isEqualTo(7);
    }
}
