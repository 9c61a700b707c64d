package dev.asyncsqlite.r2dbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.asyncsqlite.PoolOptions;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.IsolationLevel;
import io.r2dbc.spi.R2dbcDataIntegrityViolationException;
import io.r2dbc.spi.R2dbcException;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.Result;
import io.r2dbc.spi.TransactionDefinition;
import io.r2dbc.spi.ValidationDepth;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

class TransactionsTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private SqliteConnectionFactory factory;
    private Connection a;
    private Connection b;

    @BeforeEach
    void setUp() {
        factory = new SqliteConnectionFactory(PoolOptions.builder(dir.resolve("tx.db").toString()).readers(2).build());
        a = Mono.from(factory.create()).block(WAIT);
        b = Mono.from(factory.create()).block(WAIT);
        update(a, "CREATE TABLE t (x INTEGER PRIMARY KEY)");
        update(a, "INSERT INTO t VALUES (1)");
    }

    @AfterEach
    void tearDown() {
        Mono.from(a.close()).block(WAIT);
        Mono.from(b.close()).block(WAIT);
        factory.close();
    }

    private static void update(Connection c, String sql) {
        Flux.from(c.createStatement(sql).execute()).concatMap(Result::getRowsUpdated).blockLast(WAIT);
    }

    private static List<Long> values(Connection c) {
        return Flux.from(c.createStatement("SELECT x FROM t ORDER BY x").execute())
                .concatMap(r -> r.map((row, meta) -> row.get(0, Long.class))).collectList().block(WAIT);
    }

    private static void await(org.reactivestreams.Publisher<?> p) {
        Flux.from(p).blockLast(WAIT);
    }

    @Test
    void readsOfOtherConnectionsGoOnDuringAWriteTransactionAndSeeOnlyWhatIsCommitted() {
        await(a.beginTransaction());
        assertThat(a.isAutoCommit()).isFalse();
        update(a, "INSERT INTO t VALUES (2)");
        assertThat(values(a)).as("the transaction sees its own write").containsExactly(1L, 2L);
        assertThat(values(b)).as("a reader sees the last commit, without waiting").containsExactly(1L);
        await(a.commitTransaction());
        assertThat(a.isAutoCommit()).isTrue();
        assertThat(values(b)).containsExactly(1L, 2L);
    }

    @Test
    void writesOfOtherConnectionsWaitForTheTransactionInsteadOfFailingBusy() {
        await(a.beginTransaction());
        update(a, "INSERT INTO t VALUES (2)");
        CompletableFuture<Long> other = Flux.from(b.createStatement("INSERT INTO t VALUES (3)").execute())
                .concatMap(Result::getRowsUpdated).next().toFuture();
        assertThat(other).as("the one writer is the transaction's until it ends").isNotDone();
        await(a.commitTransaction());
        assertThat(Mono.fromFuture(other).block(WAIT)).isEqualTo(1L);
        assertThat(values(a)).containsExactly(1L, 2L, 3L);
    }

    @Test
    void aReadOnlyTransactionRunsOnAReaderAndRefusesWrites() {
        await(a.beginTransaction(readOnly()));
        assertThat(values(a)).containsExactly(1L);
        assertThatThrownBy(() -> update(a, "INSERT INTO t VALUES (9)")).isInstanceOf(R2dbcException.class)
                .hasMessageContaining("readonly");
        // The writer is free all along.
        update(b, "INSERT INTO t VALUES (2)");
        assertThat(values(a)).as("the transaction keeps its snapshot").containsExactly(1L);
        await(a.rollbackTransaction());
        assertThat(values(a)).containsExactly(1L, 2L);
    }

    private static TransactionDefinition readOnly() {
        return new TransactionDefinition() {
            @Override
            @SuppressWarnings("unchecked")
            public <T> T getAttribute(io.r2dbc.spi.Option<T> option) {
                return option.equals(TransactionDefinition.READ_ONLY) ? (T) Boolean.TRUE
                        : option.equals(TransactionDefinition.ISOLATION_LEVEL) ? (T) IsolationLevel.READ_COMMITTED : null;
            }
        };
    }

    @Test
    void aFailedStatementLeavesTheTransactionOpenAndCommittable() {
        await(a.beginTransaction());
        update(a, "INSERT INTO t VALUES (2)");
        assertThatThrownBy(() -> update(a, "INSERT INTO t VALUES (2)")).isInstanceOf(R2dbcDataIntegrityViolationException.class);
        assertThat(a.isAutoCommit()).isFalse();
        await(a.commitTransaction());
        assertThat(values(b)).containsExactly(1L, 2L);
    }

    @Test
    void savepointsReleaseAndRollBack() {
        await(a.createSavepoint("outer"));
        assertThat(a.isAutoCommit()).as("a savepoint starts a transaction").isFalse();
        update(a, "INSERT INTO t VALUES (2)");
        await(a.createSavepoint("inner \"quoted\""));
        update(a, "INSERT INTO t VALUES (3)");
        await(a.rollbackTransactionToSavepoint("inner \"quoted\""));
        await(a.releaseSavepoint("inner \"quoted\""));
        await(a.releaseSavepoint("outer"));
        await(a.commitTransaction());
        assertThat(values(b)).containsExactly(1L, 2L);
        assertThatThrownBy(() -> await(a.releaseSavepoint("none"))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no transaction");
    }

    @Test
    void closingAConnectionRollsBackItsTransactionAndFreesTheWriter() {
        await(a.beginTransaction());
        update(a, "INSERT INTO t VALUES (2)");
        await(a.close());
        update(b, "INSERT INTO t VALUES (3)");
        assertThat(values(b)).containsExactly(1L, 3L);
        assertThatThrownBy(() -> values(a)).isInstanceOf(R2dbcNonTransientResourceException.class).hasMessageContaining("closed");
        assertThat(Mono.from(a.validate(ValidationDepth.LOCAL)).block(WAIT)).isFalse();
    }

    @Test
    void everyIsolationLevelIsServedBySerializableTransactions() {
        assertThat(a.getTransactionIsolationLevel()).isEqualTo(IsolationLevel.SERIALIZABLE);
        await(a.setTransactionIsolationLevel(IsolationLevel.READ_UNCOMMITTED));
        assertThat(a.getTransactionIsolationLevel()).isEqualTo(IsolationLevel.SERIALIZABLE);
        assertThatThrownBy(() -> a.setTransactionIsolationLevel(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void endingATransactionThatIsNotOpenDoesNothing() {
        await(a.commitTransaction());
        await(a.rollbackTransaction());
        assertThat(a.isAutoCommit()).isTrue();
        assertThat(values(a)).containsExactly(1L);
    }

    @Test
    void theLockWaitTimeoutIsSqlitesBusyTimeout() {
        await(a.setLockWaitTimeout(Duration.ofMillis(1234)));
        List<Long> busy = Flux.from(a.createStatement("PRAGMA busy_timeout").execute())
                .concatMap(r -> r.map((row, meta) -> row.get(0, Long.class))).collectList().block(WAIT);
        assertThat(busy).containsExactly(1234L);
    }

    @Test
    void validationFailsOnceTheFactoryIsClosed() {
        assertThat(Mono.from(a.validate(ValidationDepth.REMOTE)).block(WAIT)).isTrue();
        factory.close();
        assertThat(Mono.from(a.validate(ValidationDepth.LOCAL)).block(WAIT)).isFalse();
        assertThat(Mono.from(a.validate(ValidationDepth.REMOTE)).block(WAIT)).isFalse();
    }

    @Test
    void aTransactionEndedByItsTimeoutFailsItsStatementsUntilItIsEnded() {
        SqliteConnectionFactory shortLived = (SqliteConnectionFactory) new SqliteConnectionFactoryProvider().create(
                SqliteConnectionFactoryProvider.parseUrl("r2dbc:sqlite://" + dir.resolve("timeout.db").toAbsolutePath()
                        + "?transactionTimeout=PT0.2S&readers=1"));
        try {
            Connection c = Mono.from(shortLived.create()).block(WAIT);
            update(c, "CREATE TABLE t (x INTEGER)");
            await(c.beginTransaction());
            update(c, "INSERT INTO t VALUES (1)");
            // Runs until the transaction timeout rolls the transaction back and interrupts it.
            assertThatThrownBy(() -> update(c, "WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r) "
                    + "SELECT count(*) FROM r")).isInstanceOf(R2dbcException.class);
            assertThat(c.isAutoCommit()).as("still the user's transaction until they end it").isFalse();
            assertThatThrownBy(() -> update(c, "INSERT INTO t VALUES (2)")).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("transaction has ended");
            assertThatThrownBy(() -> await(c.commitTransaction())).isInstanceOf(RuntimeException.class);
            assertThat(c.isAutoCommit()).isTrue();
            assertThat(values(c)).as("nothing of the timed-out transaction was kept").isEmpty();
            await(c.beginTransaction());
            await(c.rollbackTransaction());
            await(c.close());
        } finally {
            shortLived.close();
        }
    }
}
