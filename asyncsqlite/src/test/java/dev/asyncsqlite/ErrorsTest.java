package dev.asyncsqlite;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ErrorsTest {
    private Connection db;

    @BeforeEach
    void open() throws Exception {
        db = AsyncSqlite.connect(":memory:").get(10, SECONDS);
        db.executeScript("CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, n INTEGER CHECK (n >= 0));"
                + "INSERT INTO t VALUES (1, 'one', 1);").get(10, SECONDS);
    }

    @AfterEach
    void close() {
        db.close();
    }

    private SqliteException failure(CompletableFuture<?> future) {
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> future.get(10, SECONDS));
        assertThat(thrown).isInstanceOf(ExecutionException.class);
        assertThat(thrown.getCause()).isInstanceOf(SqliteException.class);
        return (SqliteException) thrown.getCause();
    }

    private void assertStillUsable() throws Exception {
        assertThat(db.executeFetchAll("SELECT count(*) FROM t").get(10, SECONDS).get(0).getLong(0)).isEqualTo(1);
    }

    @Test
    void tooFewParametersIsABindingErrorWithSqliteRange() throws Exception {
        SqliteException e = failure(db.execute("INSERT INTO t(name, n) VALUES (?, ?)", "x"));
        assertThat(e).isInstanceOf(ParameterBindingException.class).hasMessageContaining("uses 2, and there are 1 supplied");
        assertThat(e.resultCode()).isEqualTo(SqliteException.SQLITE_RANGE);
        assertThat(e.sql()).isEqualTo("INSERT INTO t(name, n) VALUES (?, ?)");
        assertStillUsable();
    }

    @Test
    void tooManyParametersIsABindingError() throws Exception {
        SqliteException e = failure(db.executeFetchAll("SELECT ?", 1, 2));
        assertThat(e).isInstanceOf(ParameterBindingException.class);
        assertStillUsable();
    }

    @Test
    void anUnsupportedParameterTypeNamesTheTypeAndPositionBeforeAnythingRuns() throws Exception {
        SqliteException e = failure(db.execute("INSERT INTO t(name, n) VALUES (?, ?)", "x", new Object()));
        assertThat(e).isInstanceOf(ParameterBindingException.class)
                .hasMessageContaining("parameter 2").hasMessageContaining("java.lang.Object");
        assertThat(e.resultCode()).isEqualTo(SqliteException.SQLITE_MISMATCH);
        assertThat(db.inTransaction().get(10, SECONDS)).as("no implicit BEGIN ran").isFalse();
        assertStillUsable();
    }

    @Test
    void aMissingNamedParameterIsNamed() throws Exception {
        SqliteException e = failure(db.execute("SELECT :a, :b", Map.of("a", 1)));
        assertThat(e).isInstanceOf(ParameterBindingException.class).hasMessageContaining(":b");
        SqliteException nameless = failure(db.execute("SELECT ?", Map.of("a", 1)));
        assertThat(nameless).isInstanceOf(ParameterBindingException.class).hasMessageContaining("no name");
        assertStillUsable();
    }

    @Test
    void aSyntaxErrorIsAProgrammingErrorWithSqliteError() throws Exception {
        SqliteException e = failure(db.execute("SELEC * FROM t"));
        assertThat(e).isInstanceOf(ProgrammingException.class).hasMessageContaining("syntax error");
        assertThat(e.resultCode()).isEqualTo(SqliteException.SQLITE_ERROR);
        assertThat(e.resultCodeName()).isEqualTo("SQLITE_ERROR");
        assertStillUsable();
    }

    @Test
    void anUnknownTableIsAProgrammingError() throws Exception {
        assertThat(failure(db.executeFetchAll("SELECT * FROM missing"))).isInstanceOf(ProgrammingException.class)
                .hasMessageContaining("no such table: missing");
        assertStillUsable();
    }

    @Test
    void aUniqueViolationCarriesTheExtendedCode() throws Exception {
        SqliteException e = failure(db.execute("INSERT INTO t(name, n) VALUES ('one', 2)"));
        assertThat(e).isInstanceOf(IntegrityConstraintException.class).hasMessageContaining("UNIQUE constraint failed: t.name");
        assertThat(e.resultCode()).isEqualTo(SqliteException.SQLITE_CONSTRAINT);
        assertThat(e.extendedResultCode()).isEqualTo(2067);
        assertThat(e.resultCodeName()).isEqualTo("SQLITE_CONSTRAINT_UNIQUE");
        assertStillUsable();
    }

    @Test
    void notNullAndCheckViolationsAreIntegrityErrors() throws Exception {
        assertThat(failure(db.execute("INSERT INTO t(name, n) VALUES (NULL, 1)")).extendedResultCode()).isEqualTo(1299);
        assertThat(failure(db.execute("INSERT INTO t(name, n) VALUES ('x', -1)")).extendedResultCode()).isEqualTo(275);
        assertThat(failure(db.execute("INSERT INTO t(id, name) VALUES (1, 'y')")).extendedResultCode()).isEqualTo(1555);
        assertStillUsable();
    }

    @Test
    void aFailedStatementKeepsTheTransactionAndEarlierWork() throws Exception {
        db.execute("INSERT INTO t(name, n) VALUES ('two', 2)").get(10, SECONDS);
        failure(db.execute("INSERT INTO t(name, n) VALUES ('two', 3)"));
        assertThat(db.inTransaction().get(10, SECONDS)).isTrue();
        db.commit().get(10, SECONDS);
        assertThat(db.executeFetchAll("SELECT count(*) FROM t").get(10, SECONDS).get(0).getLong(0)).isEqualTo(2);
    }

    @Test
    void twoStatementsInExecuteAreRefused() throws Exception {
        SqliteException e = failure(db.execute("SELECT 1; SELECT 2"));
        assertThat(e).isInstanceOf(ProgrammingException.class).hasMessageContaining("one statement at a time");
        assertThat(db.executeFetchAll("SELECT 1; -- trailing comment\n").get(10, SECONDS)).hasSize(1);
        assertStillUsable();
    }

    @Test
    void theCachedStatementSurvivesItsOwnFailure() throws Exception {
        for (int i = 0; i < 3; i++) {
            failure(db.execute("INSERT INTO t(name, n) VALUES (?, ?)", "one", 5));
            db.execute("INSERT INTO t(name, n) VALUES (?, ?)", "ok" + i, 5).get(10, SECONDS);
        }
        assertThat(db.executeFetchAll("SELECT count(*) FROM t").get(10, SECONDS).get(0).getLong(0)).isEqualTo(4);
    }

    @Test
    void aRuntimeErrorInsideAStatementLeavesTheConnectionUsable() throws Exception {
        SqliteException e = failure(db.executeFetchAll("SELECT json_extract('not json', '$.a')"));
        assertThat(e).isInstanceOf(ProgrammingException.class);
        db.executeFetchAll("SELECT json_extract('not json', '$.a')").handle((r, x) -> null).get(10, SECONDS);
        assertStillUsable();
    }

    @Test
    void textThatUtf8CannotEncodeIsRefusedInsteadOfCorrupted() throws Exception {
        SqliteException e = failure(db.execute("INSERT INTO t(name, n) VALUES (?, 1)", "bad \uD800 text"));
        assertThat(e).isInstanceOf(ParameterBindingException.class).hasMessageContaining("unpaired surrogate");
        db.execute("INSERT INTO t(name, n) VALUES (?, 1)", "ok \uD83D\uDE00 emoji").get(10, SECONDS);
        assertThat(db.executeFetchAll("SELECT name FROM t WHERE n = 1 AND id > 1").get(10, SECONDS).get(0).getString(0))
                .isEqualTo("ok \uD83D\uDE00 emoji");
    }

    @Test
    void untrustedInputLowersLimitsAndDistrustsTheSchema() throws Exception {
        ConnectOptions options = ConnectOptions.builder(":memory:").untrustedInput(true).build();
        try (Connection hardened = AsyncSqlite.connect(options).get(10, SECONDS)) {
            assertThat(hardened.getLimit(SqliteLimit.LENGTH).get(10, SECONDS)).isEqualTo(ConnectOptions.UNTRUSTED_MAX_LENGTH);
            assertThat(hardened.getLimit(SqliteLimit.SQL_LENGTH).get(10, SECONDS)).isEqualTo(ConnectOptions.UNTRUSTED_MAX_SQL_LENGTH);
            assertThat(hardened.getLimit(SqliteLimit.EXPR_DEPTH).get(10, SECONDS)).isEqualTo(ConnectOptions.UNTRUSTED_MAX_EXPR_DEPTH);
            assertThat(hardened.executeFetchAll("PRAGMA trusted_schema").get(10, SECONDS).get(0).getLong(0)).isZero();
            SqliteException tooBig = failure(hardened.executeFetchAll("SELECT ?", new byte[ConnectOptions.UNTRUSTED_MAX_LENGTH + 1]));
            assertThat(tooBig.resultCode()).isEqualTo(SqliteException.SQLITE_TOOBIG);
            assertThat(hardened.executeFetchAll("SELECT 1").get(10, SECONDS)).hasSize(1);
        }
    }

    @Test
    void sqlWithANulCharacterIsRefusedRatherThanCutShort() throws Exception {
        SqliteException e = failure(db.execute("SELECT 1 \u0000 garbage"));
        assertThat(e).isInstanceOf(ProgrammingException.class).hasMessageContaining("NUL character at index 9");
        assertThat(failure(db.executeScript("DELETE FROM t;\u0000 DROP TABLE t;"))).isInstanceOf(ProgrammingException.class);
        assertThat(failure(db.execute("\u0000"))).isInstanceOf(ProgrammingException.class);
        assertStillUsable();
    }

    @Test
    void sqlWithAnUnpairedSurrogateIsRefusedNamingItsPositionRatherThanSentAsAQuestionMark() throws Exception {
        SqliteException e = failure(db.executeFetchAll("SELECT hex('\ud8ff')"));
        assertThat(e).isInstanceOf(ProgrammingException.class).hasMessageContaining("unpaired surrogate")
                .hasMessageContaining("index 12");
        assertThat(failure(db.executeScript("SELECT 1; SELECT '\udc00';"))).isInstanceOf(ProgrammingException.class)
                .hasMessageContaining("index 18");
        assertThat(failure(db.execute("SELECT 'x\ud83d'"))).isInstanceOf(ProgrammingException.class);
        assertThat(db.executeFetchAll("SELECT hex('\ud83d\ude00')").get(10, SECONDS).get(0).getString(0)).isEqualTo("F09F9880");
        assertStillUsable();
    }

    @Test
    void nullArgumentsAreRejectedAtOnce() {
        assertThatThrownBy(() -> db.execute(null)).isInstanceOf(NullPointerException.class).hasMessageContaining("sql");
        assertThatThrownBy(() -> db.query("SELECT 1", null)).isInstanceOf(NullPointerException.class).hasMessageContaining("mapper");
    }
}
