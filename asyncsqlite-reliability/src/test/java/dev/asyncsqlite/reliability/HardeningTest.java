package dev.asyncsqlite.reliability;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.asyncsqlite.AsyncSqlite;
import dev.asyncsqlite.BackupOptions;
import dev.asyncsqlite.ConnectOptions;
import dev.asyncsqlite.Connection;
import dev.asyncsqlite.ReadOnlyException;
import dev.asyncsqlite.SqliteException;
import dev.asyncsqlite.SqliteLimit;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Safe defaults, the hardening switch, and no way to smuggle SQL through names the library uses. */
class HardeningTest {
    @TempDir
    Path dir;

    private static <T> T await(CompletableFuture<T> f) throws Exception {
        return f.get(30, SECONDS);
    }

    private static Throwable failure(CompletableFuture<?> f) {
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> f.get(30, SECONDS));
        assertThat(t).isInstanceOf(ExecutionException.class);
        return t.getCause();
    }

    @Test
    void extensionLoadingIsOffByDefaultThroughTheApiAndThroughSql() throws Exception {
        try (Connection db = await(AsyncSqlite.connect(":memory:"))) {
            assertThat(db.options().loadExtensions()).isFalse();
            assertThat(failure(db.executeFetchAll("SELECT load_extension('libm.so.6', 'cos')"))).hasMessageContaining("not authorized");
            assertThat(failure(db.loadExtension("libm.so.6"))).isInstanceOf(SqliteException.class);
        }
    }

    @Test
    void readOnlyIsEnforced() throws Exception {
        Path file = dir.resolve("ro.db");
        try (Connection db = await(AsyncSqlite.connect(file))) {
            await(db.executeScript("CREATE TABLE t(v); INSERT INTO t VALUES (1);"));
        }
        try (Connection db = await(AsyncSqlite.connect(ConnectOptions.builder(file).readOnly(true).build()))) {
            assertThat(failure(db.execute("DELETE FROM t"))).isInstanceOf(ReadOnlyException.class);
            assertThat(failure(db.executeScript("DROP TABLE t"))).isInstanceOf(ReadOnlyException.class);
            assertThat(await(db.executeFetchAll("SELECT count(*) FROM t")).get(0).getLong(0)).isEqualTo(1);
        }
    }

    @Test
    void untrustedInputHardensTheConnection() throws Exception {
        try (Connection db = await(AsyncSqlite.connect(ConnectOptions.builder(":memory:").untrustedInput(true).build()))) {
            assertThat(await(db.getLimit(SqliteLimit.SQL_LENGTH))).isEqualTo(ConnectOptions.UNTRUSTED_MAX_SQL_LENGTH);
            assertThat(await(db.executeFetchAll("PRAGMA trusted_schema")).get(0).getLong(0)).isZero();
            String huge = "SELECT " + "1 + ".repeat(60_000) + "1";
            assertThat(failure(db.executeFetchAll(huge))).isInstanceOf(SqliteException.class);
            String deep = "SELECT " + "abs(".repeat(500) + "1" + ")".repeat(500);
            assertThat(failure(db.executeFetchAll(deep))).isInstanceOf(SqliteException.class);
        }
    }

    @Test
    void namesTheLibraryPutsIntoSqlCannotCarryInjection() throws Exception {
        assertThatThrownBy(() -> BackupOptions.builder().schema("main; DROP TABLE t")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ConnectOptions.builder("x").pragma("foreign_keys = ON; DROP TABLE t; --", "1"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ConnectOptions.builder("x").pragma("cache_size", "1; DROP TABLE t"))
                .isInstanceOf(IllegalArgumentException.class);
        try (Connection db = await(AsyncSqlite.connect(":memory:"));
             Connection copy = await(AsyncSqlite.connect(":memory:"))) {
            String evil = "x\"; DROP TABLE victim; --";
            await(db.executeScript("CREATE TABLE victim(v); INSERT INTO victim VALUES (1);"));
            await(db.execute("CREATE TABLE \"" + evil.replace("\"", "\"\"") + "\"(\"a'\"\"b\" TEXT)"));
            await(db.execute("INSERT INTO \"" + evil.replace("\"", "\"\"") + "\" VALUES ('it''s')"));
            assertThat(failure(db.serialize("main\"; DROP TABLE victim; --"))).isInstanceOf(SqliteException.class);
            List<String> dump = await(db.dump());
            await(copy.executeScript(String.join("\n", dump)));
            assertThat(await(copy.executeFetchAll("SELECT count(*) FROM victim")).get(0).getLong(0)).isEqualTo(1);
            assertThat(await(copy.executeFetchAll("SELECT * FROM \"" + evil.replace("\"", "\"\"") + "\"")).get(0).getString(0))
                    .isEqualTo("it's");
            assertThat(await(db.executeFetchAll("SELECT count(*) FROM victim")).get(0).getLong(0)).isEqualTo(1);
        }
    }
}
