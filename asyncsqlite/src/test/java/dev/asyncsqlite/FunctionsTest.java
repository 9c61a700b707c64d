package dev.asyncsqlite;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FunctionsTest {
    private Connection db;

    @TempDir
    Path dir;

    @BeforeEach
    void open() throws Exception {
        db = AsyncSqlite.connect(":memory:").get(10, SECONDS);
        db.executeScript("CREATE TABLE t(x INTEGER, name TEXT); INSERT INTO t VALUES (1, 'b'), (2, 'a'), (3, 'C'), (4, 'd');")
                .get(10, SECONDS);
    }

    @AfterEach
    void close() {
        db.close();
    }

    private static <T> T await(CompletableFuture<T> f) throws Exception {
        return f.get(10, SECONDS);
    }

    private Object scalar(String sql, Object... params) throws Exception {
        return await(db.executeFetchAll(sql, params)).get(0).get(0);
    }

    private Throwable failure(CompletableFuture<?> f) {
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> f.get(10, SECONDS));
        assertThat(t).isInstanceOf(ExecutionException.class);
        return t.getCause();
    }

    private void assertUsable() throws Exception {
        assertThat(scalar("SELECT count(*) FROM t")).isEqualTo(4L);
    }

    @Test
    void aScalarFunctionComputesItsValue() throws Exception {
        await(db.createFunction("one_arg", 1, args -> (Long) args[0] * 2, true));
        assertThat(scalar("SELECT one_arg(10)")).isEqualTo(20L);
        await(db.createFunction("describe", -1, args -> args.length + ":" + (args.length > 0 ? args[0] : ""), false));
        assertThat(scalar("SELECT describe(1.5, 'x', NULL)")).isEqualTo("3:1.5");
        assertThat(scalar("SELECT describe()")).isEqualTo("0:");
    }

    @Test
    void resultsGoThroughTheParameterAdapters() throws Exception {
        await(db.createFunction("flag", 0, args -> true));
        await(db.createFunction("day", 0, args -> java.time.LocalDate.of(2024, 2, 29)));
        assertThat(scalar("SELECT flag()")).isEqualTo(1L);
        assertThat(scalar("SELECT day()")).isEqualTo("2024-02-29");
    }

    @Test
    void onlyDeterministicFunctionsMayBeUsedInIndexes() throws Exception {
        await(db.createFunction("det", 1, args -> args[0], true));
        await(db.createFunction("nondet", 1, args -> args[0], false));
        await(db.execute("CREATE INDEX ok ON t(det(x))"));
        Throwable e = failure(db.execute("CREATE INDEX bad ON t(nondet(x))"));
        assertThat(e).isInstanceOf(SqliteException.class).hasMessageContaining("non-deterministic");
    }

    @Test
    void aRemovedFunctionIsGone() throws Exception {
        await(db.createFunction("gone", 0, args -> 1L));
        assertThat(scalar("SELECT gone()")).isEqualTo(1L);
        await(db.removeFunction("gone", 0));
        assertThat(failure(db.executeFetchAll("SELECT gone()"))).hasMessageContaining("no such function");
    }

    @Test
    void functionNamesFoldAsciiCaseOnlyAsSqliteDoes() throws Exception {
        await(db.createFunction("ÿ", 0, args -> 1L));
        await(db.createFunction("Ÿ", 0, args -> 2L));
        await(db.createFunction("Mixed", 0, args -> 3L));
        assertThat(await(db.executeFetchAll("SELECT ÿ(), Ÿ(), mIXED()")).get(0).toArray()).containsExactly(1L, 2L, 3L);
        // Removing one leaves the other, also when the survivor gets another arity.
        await(db.removeFunction("Ÿ", 0));
        await(db.createFunction("ÿ", 1, args -> args[0]));
        assertThat(await(db.executeFetchAll("SELECT ÿ(), ÿ(5)")).get(0).toArray()).containsExactly(1L, 5L);
        assertThat(failure(db.executeFetchAll("SELECT Ÿ()"))).hasMessageContaining("no such function");
    }

    @Test
    void anArityOrNameSqliteCannotTakeIsRefusedAtTheCallNamingIt() throws Exception {
        assertThatThrownBy(() -> db.createFunction("f", 128, args -> 1L)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("128");
        assertThatThrownBy(() -> db.createFunction("f", -2, args -> 1L, true)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-2");
        assertThatThrownBy(() -> db.createAggregate("a", 200, Sum::new)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("200");
        assertThatThrownBy(() -> db.createWindowFunction("w", -5, WindowSum::new)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-5");
        assertThatThrownBy(() -> db.removeFunction("f", 999)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("999");
        assertThatThrownBy(() -> db.createFunction("", 0, args -> 1L)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("name");
        assertThatThrownBy(() -> db.createFunction("x".repeat(256), 0, args -> 1L)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("255");
        await(db.createFunction("f", 127, args -> (long) args.length));
        assertUsable();
    }

    @Test
    void aFunctionThatThrowsFailsOnlyItsStatement() throws Exception {
        IllegalStateException boom = new IllegalStateException("boom");
        await(db.createFunction("boom", 0, args -> {
            throw boom;
        }));
        Throwable e = failure(db.executeFetchAll("SELECT boom()"));
        assertThat(e).isInstanceOf(OperationalException.class).hasCause(boom);
        await(db.createFunction("error", 0, args -> {
            throw new StackOverflowError("deep");
        }));
        assertThat(failure(db.executeFetchAll("SELECT error()")).getCause()).isInstanceOf(StackOverflowError.class);
        assertUsable();
    }

    static final class Sum implements Aggregate {
        long total;

        @Override
        public void step(Object[] args) {
            total += (Long) args[0];
        }

        @Override
        public Object finish() {
            return total;
        }
    }

    @Test
    void anAggregateGetsOneStatePerGroup() throws Exception {
        await(db.createAggregate("mysum", 1, Sum::new));
        assertThat(scalar("SELECT mysum(x) FROM t")).isEqualTo(10L);
        List<Row> grouped = await(db.executeFetchAll("SELECT x % 2 AS g, mysum(x) FROM t GROUP BY g ORDER BY g"));
        assertThat(grouped).extracting(r -> r.getLong(1)).containsExactly(6L, 4L);
    }

    @Test
    void anAggregateThatThrowsInStepOrFinishFailsOnlyItsStatement() throws Exception {
        await(db.createAggregate("badstep", 1, () -> new Aggregate() {
            @Override
            public void step(Object[] args) {
                throw new IllegalArgumentException("step");
            }

            @Override
            public Object finish() {
                return 0L;
            }
        }));
        await(db.createAggregate("badfinal", 1, () -> new Aggregate() {
            @Override
            public void step(Object[] args) {
            }

            @Override
            public Object finish() {
                throw new IllegalArgumentException("final");
            }
        }));
        assertThat(failure(db.executeFetchAll("SELECT badstep(x) FROM t")).getCause()).hasMessage("step");
        assertThat(failure(db.executeFetchAll("SELECT badfinal(x) FROM t")).getCause()).hasMessage("final");
        assertUsable();
    }

    // Run on the native engine (JDK 22+, where the native module runs these tests again).
    private static final String NO_WINDOWS = "the sqlite-jdbc engine refuses user window functions: its native code aborts"
            + " the JVM on an empty frame (xerial/sqlite-jdbc#1271)";

    static class WindowSum implements WindowAggregate {
        long total;

        @Override
        public void step(Object[] args) {
            total += (Long) args[0];
        }

        @Override
        public void inverse(Object[] args) {
            total -= (Long) args[0];
        }

        @Override
        public Object value() {
            return total;
        }

        @Override
        public Object finish() {
            return total;
        }
    }

    @Test
    void theSqliteJdbcEngineRefusesWindowFunctionsItsNativeCodeWouldAbortTheJvmOn() throws Exception {
        assumeTrue(db.engineName().equals("sqlite-jdbc"), "the other engines have user window functions");
        assertThat(failure(db.createWindowFunction("sumint", 1, WindowSum::new))).isInstanceOf(NotSupportedException.class)
                .hasMessageContaining("empty frame");
        assertUsable();
    }

    @Test
    void aWindowFunctionGivesSqlitesDocumentedResults() throws Exception {
        assumeFalse(db.engineName().equals("sqlite-jdbc"), NO_WINDOWS);
        // The example of SQLite's window function documentation: a sum over the previous, current and next row.
        await(db.executeScript("CREATE TABLE w(x TEXT, y INTEGER);"
                + "INSERT INTO w VALUES ('a', 4), ('b', 5), ('c', 3), ('d', 8), ('e', 1);"));
        await(db.createWindowFunction("sumint", 1, WindowSum::new));
        List<Row> rows = await(db.executeFetchAll(
                "SELECT x, sumint(y) OVER (ORDER BY x ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING) AS s FROM w ORDER BY x"));
        assertThat(rows).extracting(r -> r.getString(0) + r.getLong(1)).containsExactly("a9", "b12", "c16", "d12", "e9");
        assertThat(scalar("SELECT sumint(y) FROM w")).isEqualTo(21L);
    }

    @Test
    void anAggregateOverNoRowsIsNullWithoutEverMakingAState() throws Exception {
        int[] made = {0};
        await(db.createAggregate("mysum", 1, () -> {
            made[0]++;
            return new Sum();
        }));
        assertThat(scalar("SELECT mysum(x) FROM t WHERE x > 100")).isNull();
        assertThat(made[0]).isZero();
        assertThat(await(db.executeFetchAll("SELECT x, mysum(x) FROM t WHERE x > 100 GROUP BY x"))).isEmpty();
        assertThat(scalar("SELECT mysum(x) FROM t")).isEqualTo(10L);
        assertThat(made[0]).isEqualTo(1);
    }

    @Test
    void aWindowFunctionOverAnEmptyFrameIsNullAsSqlitesOwnAggregatesAre() throws Exception {
        assumeFalse(db.engineName().equals("sqlite-jdbc"), NO_WINDOWS);
        int[] made = {0};
        await(db.createWindowFunction("sumint", 1, () -> {
            made[0]++;
            return new WindowSum();
        }));
        String frame = " OVER (ORDER BY x ROWS BETWEEN 2 PRECEDING AND 1 PRECEDING) FROM t ORDER BY x";
        List<Object> ours = new ArrayList<>();
        List<Object> sqlites = new ArrayList<>();
        await(db.executeFetchAll("SELECT sumint(x)" + frame)).forEach(r -> ours.add(r.get(0)));
        await(db.executeFetchAll("SELECT sum(x)" + frame)).forEach(r -> sqlites.add(r.get(0)));
        assertThat(ours).containsExactly(null, 1L, 3L, 5L).isEqualTo(sqlites);
        made[0] = 0;
        assertThat(await(db.executeFetchAll("SELECT sumint(x) OVER () FROM t WHERE x > 100"))).isEmpty();
        assertThat(scalar("SELECT sumint(x) FROM t WHERE x > 100")).isNull();
        assertThat(made[0]).isZero();
    }

    @Test
    void aCollationOrdersAsTheComparatorSays() throws Exception {
        await(db.createCollation("reverse_nocase", Comparator.<String, String>comparing(String::toLowerCase).reversed()));
        List<Row> rows = await(db.executeFetchAll("SELECT name FROM t ORDER BY name COLLATE reverse_nocase"));
        assertThat(rows).extracting(r -> r.getString(0)).containsExactly("d", "C", "b", "a");
        await(db.removeCollation("reverse_nocase"));
        assertThat(failure(db.executeFetchAll("SELECT name FROM t ORDER BY name COLLATE reverse_nocase")))
                .hasMessageContaining("no such collation");
    }

    @Test
    void aCollationThatThrowsFailsOnlyItsStatement() throws Exception {
        await(db.createCollation("broken", (a, b) -> {
            throw new IllegalStateException("cmp");
        }));
        Throwable e = failure(db.executeFetchAll("SELECT name FROM t ORDER BY name COLLATE broken"));
        assertThat(e).isInstanceOf(SqliteException.class);
        assertThat(e.getCause()).hasMessage("cmp");
        assertUsable();
    }

    @Test
    void aProgressHandlerReturningTrueAbortsTheStatement() throws Exception {
        await(db.setProgressHandler(() -> true, 1));
        Throwable e = failure(db.execute("CREATE TABLE foo(a, b)"));
        assertThat(e).isInstanceOf(SqliteInterruptedException.class);
        await(db.setProgressHandler(null, 1));
        await(db.execute("CREATE TABLE foo(a, b)"));
        assertThat(scalar("SELECT count(*) FROM foo")).isEqualTo(0L);
    }

    @Test
    void removingTheProgressHandlerNeedsNoInstructionCount() throws Exception {
        assertThatThrownBy(() -> db.setProgressHandler(() -> true, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("instructions");
        await(db.setProgressHandler(() -> true, 1));
        assertThat(failure(db.executeFetchAll("SELECT count(*) FROM t"))).isInstanceOf(SqliteInterruptedException.class);
        await(db.setProgressHandler(null, 0));
        assertUsable();
        await(db.setProgressHandler(() -> true, 1));
        await(db.setProgressHandler(null, -1));
        assertUsable();
    }

    @Test
    void aProgressHandlerThatThrowsFailsOnlyItsStatement() throws Exception {
        await(db.setProgressHandler(() -> {
            throw new IllegalStateException("progress");
        }, 1));
        assertThat(failure(db.executeFetchAll("SELECT count(*) FROM t")).getCause()).hasMessage("progress");
        await(db.setProgressHandler(null, 1));
        assertUsable();
    }

    @Test
    void aProgressHandlerThatThrowsWhileSqlitePreparesFailsThatStatementAndNoLaterOne() throws Exception {
        Path file = dir.resolve("prepare.db");
        try (Connection setup = await(AsyncSqlite.connect(file))) {
            await(setup.executeScript("CREATE TABLE t(x);"));
        }
        // A fresh connection reads the schema while it prepares its first statement: the handler runs then.
        try (Connection fresh = await(AsyncSqlite.connect(file))) {
            IllegalStateException boom = new IllegalStateException("progress");
            await(fresh.setProgressHandler(() -> {
                throw boom;
            }, 1));
            assertThat(failure(fresh.executeFetchAll("SELECT count(*) FROM t"))).isInstanceOf(OperationalException.class)
                    .hasCause(boom);
            await(fresh.setProgressHandler(null, 1));
            await(fresh.execute("INSERT INTO t VALUES (1)"));
            await(fresh.commit());
            assertThat(await(fresh.executeFetchAll("SELECT count(*) FROM t")).get(0).getLong(0)).isEqualTo(1L);
        }
    }

    @Test
    void anInsertThatRanToItsEndIsNotFailedByTheProgressHandlerAfterwards() throws Exception {
        int[] calls = {0};
        int[] allowed = {Integer.MAX_VALUE};
        await(db.setProgressHandler(() -> ++calls[0] > allowed[0], 1));
        await(db.executeFetchAll("INSERT INTO t VALUES (5, 'e')"));
        int used = calls[0];
        assertThat(used).isPositive();
        await(db.commit());
        // The same insert again, now through a cursor, which also reports lastRowId: the handler
        // aborts anything beyond what the insert itself runs.
        allowed[0] = used;
        calls[0] = 0;
        Cursor cursor = await(db.execute("INSERT INTO t VALUES (6, 'f')"));
        assertThat(cursor.rowCount()).isEqualTo(1);
        await(db.setProgressHandler(null, 1));
        await(db.commit());
        assertThat(scalar("SELECT count(*) FROM t WHERE x IN (5, 6)")).isEqualTo(2L);
    }

    @Test
    void callbacksThatThrowLeaveAnotherOpenCursorReading() throws Exception {
        await(db.executeScript("CREATE TABLE many(i INTEGER);"
                + "WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < 500) INSERT INTO many SELECT i FROM c;"));
        Cursor open = await(db.cursor());
        open.setPrefetch(0);
        await(open.execute("SELECT i FROM many ORDER BY i"));
        assertThat(await(open.fetchOne())).map(r -> r.getLong(0)).contains(1L);

        await(db.createCollation("broken", (a, b) -> {
            throw new IllegalStateException("cmp");
        }));
        assertThat(failure(db.executeFetchAll("SELECT name FROM t ORDER BY name COLLATE broken")).getCause()).hasMessage("cmp");
        await(db.setUpdateHook((kind, database, table, rowId) -> {
            throw new IllegalStateException("hook");
        }));
        assertThat(failure(db.execute("UPDATE t SET x = x WHERE x = 1")).getCause()).hasMessage("hook");
        await(db.setUpdateHook(null));

        List<Row> rest = await(open.fetchAll());
        assertThat(rest).hasSize(499);
        assertThat(rest.get(498).getLong(0)).isEqualTo(500L);
        assertUsable();
    }

    static final class FinishFails extends WindowSum {
        @Override
        public Object finish() {
            throw new IllegalStateException("finish");
        }
    }

    @Test
    void aWindowFunctionThatThrowsWhenItsCursorIsClosedEarlyFailsNoLaterStatement() throws Exception {
        assumeFalse(db.engineName().equals("sqlite-jdbc"), NO_WINDOWS);
        await(db.createWindowFunction("finish_fails", 1, FinishFails::new));
        Cursor cursor = await(db.cursor());
        cursor.setPrefetch(0);
        await(cursor.execute("SELECT finish_fails(x) OVER (ORDER BY x) FROM t"));
        assertThat(await(cursor.fetchOne())).isPresent();
        // Replacing the result resets the statement while the window function still holds its state.
        await(cursor.execute("SELECT 1"));
        assertThat(await(cursor.fetchOne())).map(r -> r.getLong(0)).contains(1L);
        await(cursor.execute("SELECT finish_fails(x) OVER (ORDER BY x) FROM t"));
        assertThat(await(cursor.fetchOne())).isPresent();
        cursor.close();
        assertUsable();
    }

    @Test
    void theTraceCallbackSeesEveryStatement() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        await(db.setTraceCallback(seen::add));
        await(db.execute("select 10"));
        await(db.execute("INSERT INTO t VALUES (5, 'e')"));
        await(db.commit());
        await(db.executeScript("SELECT 1; SELECT 2;"));
        await(db.setTraceCallback(null));
        await(db.execute("select 11"));
        assertThat(seen).containsExactly("select 10", "BEGIN DEFERRED", "INSERT INTO t VALUES (5, 'e')", "COMMIT",
                "SELECT 1;", " SELECT 2;");
    }

    @Test
    void aTraceCallbackThatThrowsStopsItsStatementBeforeItRuns() throws Exception {
        await(db.setTraceCallback(sql -> {
            if (sql.startsWith("DELETE")) {
                throw new IllegalStateException("no deletes");
            }
        }));
        assertThat(failure(db.execute("DELETE FROM t")).getCause()).hasMessage("no deletes");
        assertUsable();
    }

    @Test
    void theUpdateHookSeesEveryChangedRow() throws Exception {
        List<String> seen = new ArrayList<>();
        await(db.setUpdateHook((kind, database, table, rowId) -> seen.add(kind + " " + database + "." + table + " " + rowId)));
        await(db.execute("INSERT INTO t VALUES (9, 'z')"));
        await(db.execute("UPDATE t SET x = 10 WHERE x = 9"));
        await(db.execute("DELETE FROM t WHERE x = 10"));
        assertThat(seen).containsExactly("INSERT main.t 5", "UPDATE main.t 5", "DELETE main.t 5");
    }

    @Test
    void anUpdateHookThatThrowsFailsItsStatement() throws Exception {
        await(db.setUpdateHook((kind, database, table, rowId) -> {
            throw new IllegalStateException("hook");
        }));
        assertThat(failure(db.execute("INSERT INTO t VALUES (9, 'z')")).getCause()).hasMessage("hook");
        await(db.setUpdateHook(null));
        await(db.rollback());
        assertUsable();
    }

    @Test
    void transactionHooksSeeCommitsAndRollbacks() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        await(db.setTransactionHooks(() -> seen.add("commit"), () -> seen.add("rollback")));
        await(db.execute("INSERT INTO t VALUES (9, 'z')"));
        await(db.commit());
        await(db.execute("INSERT INTO t VALUES (10, 'y')"));
        await(db.rollback());
        assertThat(await(db.inTransaction())).isFalse();
        assertThat(seen).containsExactly("commit", "rollback");
    }

    @Test
    void theAuthorizerNeedsTheNativeEngine() throws Exception {
        CompletableFuture<Void> set = db.setAuthorizer((action, a, b, d, t) -> Authorizer.SQLITE_OK);
        if (db.engineName().equals("sqlite-jdbc")) {
            assertThat(failure(set)).isInstanceOf(NotSupportedException.class).hasMessageContaining("sqlite-jdbc");
        } else {
            await(set);
            assertUsable();
        }
    }

    @Test
    void extensionsCannotBeLoadedUntilEnabled() throws Exception {
        Throwable off = failure(db.loadExtension("/nonexistent/libnothing"));
        assertThat(off).isInstanceOf(ProgrammingException.class).hasMessageContaining("enableLoadExtension");
        assertThat(failure(db.executeFetchAll("SELECT load_extension('/nonexistent/libnothing')")))
                .hasMessageContaining("not authorized");
        await(db.enableLoadExtension(true));
        Throwable missing = failure(db.loadExtension("/nonexistent/libnothing"));
        assertThat(missing).isInstanceOf(OperationalException.class).hasMessageNotContaining("not authorized");
        assertThat(((SqliteException) missing).resultCode()).isEqualTo(SqliteException.SQLITE_CANTOPEN);
        await(db.enableLoadExtension(false));
        assertUsable();
    }

    @Test
    void everyLimitCanBeSetAndReadBack() throws Exception {
        for (SqliteLimit limit : SqliteLimit.values()) {
            int current = await(db.getLimit(limit));
            int lower = Math.max(1, current / 2);
            if (limit == SqliteLimit.WORKER_THREADS || limit == SqliteLimit.ATTACHED) {
                lower = Math.max(0, current - 1);
            }
            assertThat(await(db.setLimit(limit, lower))).as(limit + " previous").isEqualTo(current);
            assertThat(await(db.getLimit(limit))).as(limit.name()).isEqualTo(lower);
        }
    }

    @Test
    void aLoweredLengthLimitRefusesLongerValues() throws Exception {
        await(db.setLimit(SqliteLimit.LENGTH, 10));
        assertThat(failure(db.executeFetchAll("SELECT ?", "x".repeat(100)))).isInstanceOf(SqliteException.class);
        assertThat(scalar("SELECT ?", "short")).isEqualTo("short");
    }

    record User(long id, String fullName, Integer age) {
    }

    @Test
    void recordsAreMappedByComponentName() throws Exception {
        List<User> users = await(db.query("SELECT x AS id, name AS full_name, NULL AS AGE FROM t ORDER BY x",
                RowMapper.of(User.class)));
        assertThat(users).first().isEqualTo(new User(1, "b", null));
        Throwable e = failure(db.query("SELECT x AS id FROM t", RowMapper.of(User.class)));
        assertThat(e).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fullName");
    }
}
