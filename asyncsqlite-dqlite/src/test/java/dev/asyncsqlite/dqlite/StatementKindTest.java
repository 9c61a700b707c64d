package dev.asyncsqlite.dqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.asyncsqlite.NotSupportedException;
import org.junit.jupiter.api.Test;

/** Which statements go to dqlite as queries and which as execs, without a cluster. */
class StatementKindTest {

    @Test
    void readsAreQueries() {
        assertThat(DqliteStatement.yieldsRows("SELECT 1")).isTrue();
        assertThat(DqliteStatement.yieldsRows("  -- note\n /* c */ SELECT 'RETURNING'")).isTrue();
        assertThat(DqliteStatement.yieldsRows("WITH c(x) AS (VALUES (1)) SELECT x FROM c")).isTrue();
        assertThat(DqliteStatement.yieldsRows("VALUES (1), (2)")).isTrue();
        assertThat(DqliteStatement.yieldsRows("EXPLAIN QUERY PLAN SELECT 1")).isTrue();
    }

    @Test
    void writesAreExecs() {
        assertThat(DqliteStatement.yieldsRows("INSERT INTO t VALUES (1)")).isFalse();
        assertThat(DqliteStatement.yieldsRows("WITH c(x) AS (VALUES (1)) INSERT INTO t SELECT x FROM c")).isFalse();
        assertThat(DqliteStatement.yieldsRows("UPDATE t SET returning_at = 1")).isFalse();
        assertThat(DqliteStatement.yieldsRows("CREATE TABLE t (x)")).isFalse();
        assertThat(DqliteStatement.yieldsRows("BEGIN IMMEDIATE")).isFalse();
    }

    @Test
    void pragmasThatSetAreExecsAndThoseThatReadAreQueries() {
        assertThat(DqliteStatement.yieldsRows("PRAGMA user_version")).isTrue();
        assertThat(DqliteStatement.yieldsRows("PRAGMA main.table_info(t)")).isTrue();
        assertThat(DqliteStatement.yieldsRows("PRAGMA user_version = 3")).isFalse();
        assertThat(DqliteStatement.yieldsRows("PRAGMA journal_mode(WAL)")).isFalse();
    }

    @Test
    void aChangeWithReturningIsRefusedBeforeItIsSent() {
        assertThatThrownBy(() -> DqliteStatement.yieldsRows("INSERT INTO t VALUES (1) RETURNING *"))
                .isInstanceOf(NotSupportedException.class).hasMessageContaining("RETURNING");
        assertThatThrownBy(() -> DqliteStatement.yieldsRows("WITH c AS (SELECT 1) DELETE FROM t RETURNING x"))
                .isInstanceOf(NotSupportedException.class);
    }

    @Test
    void addressesNameNodesAndADatabase() {
        DqliteAddress a = DqliteAddress.parse("dqlite://10.0.0.1:9001, 10.0.0.2:9001/app.db");
        assertThat(a.nodes).containsExactly("10.0.0.1:9001", "10.0.0.2:9001");
        assertThat(a.database).isEqualTo("app.db");
        assertThatThrownBy(() -> DqliteAddress.parse("sqlite://x:1/db")).hasMessageContaining("dqlite://");
        assertThatThrownBy(() -> DqliteAddress.parse("dqlite://x:port/db")).hasMessageContaining("host:port");
    }
}
