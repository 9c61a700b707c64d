package dev.asyncsqlite.nativeengine;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncsqlite.AsyncSqlite;
import dev.asyncsqlite.Authorizer;
import dev.asyncsqlite.BackupOptions;
import dev.asyncsqlite.Blob;
import dev.asyncsqlite.ConnectOptions;
import dev.asyncsqlite.Connection;
import dev.asyncsqlite.DbConfig;
import dev.asyncsqlite.NotSupportedException;
import dev.asyncsqlite.ProgrammingException;
import dev.asyncsqlite.SqliteException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What only the native engine can do, and how it fails when it cannot load. */
class NativeOnlyTest {
    private static final int SQLITE_CREATE_TABLE = 2;
    private static final int SQLITE_DROP_TABLE = 11;

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

    private static Connection open(String database) throws Exception {
        return await(AsyncSqlite.connect(ConnectOptions.builder(database).engine("native").build()));
    }

    @Test
    void theNativeEngineIsChosenByName() throws Exception {
        try (Connection db = open(":memory:")) {
            assertThat(db.engineName()).isEqualTo("native");
        }
        try (Connection jdbc = await(AsyncSqlite.connect(ConnectOptions.builder(":memory:").engine("sqlite-jdbc").build()))) {
            assertThat(jdbc.engineName()).isEqualTo("sqlite-jdbc");
            assertThat(failure(jdbc.blobOpen("t", "b", 1, true))).isInstanceOf(NotSupportedException.class);
            assertThat(failure(jdbc.getConfig(DbConfig.DEFENSIVE))).isInstanceOf(NotSupportedException.class);
        }
        Throwable unknown = failure(AsyncSqlite.connect(ConnectOptions.builder(":memory:").engine("nope").build()));
        assertThat(unknown).isInstanceOf(NotSupportedException.class).hasMessageContaining("native").hasMessageContaining("sqlite-jdbc");
    }

    @Test
    void aFileOpenWithOneEngineIsRefusedToTheOtherHoweverItIsNamed() throws Exception {
        Path file = dir.resolve("shared.db");
        Path link = java.nio.file.Files.createSymbolicLink(dir.resolve("link"), dir);
        try (Connection jdbc = await(AsyncSqlite.connect(ConnectOptions.builder(file.toString()).engine("sqlite-jdbc").build()))) {
            await(jdbc.execute("CREATE TABLE t(x)"));
            await(jdbc.execute("INSERT INTO t VALUES (1)"));
            await(jdbc.commit());
            for (ConnectOptions options : List.of(ConnectOptions.builder(file.toString()).engine("native").build(),
                    ConnectOptions.builder(link.resolve("shared.db").toString()).engine("native").build(),
                    ConnectOptions.builder(dir.resolve("x/../shared.db").toString()).engine("native").build(),
                    ConnectOptions.builder("file:" + file + "?mode=ro").uri(true).engine("native").build())) {
                Throwable refused = failure(AsyncSqlite.connect(options));
                assertThat(refused).isInstanceOf(ProgrammingException.class)
                        .hasMessageContaining("open in this JVM with the sqlite-jdbc engine")
                        .hasMessageContaining("two copies of SQLite");
            }
            // In-memory databases have no file to share; a second sqlite-jdbc connection is welcome.
            try (Connection memory = open(":memory:");
                    Connection second = await(AsyncSqlite.connect(ConnectOptions.builder(file.toString()).engine("sqlite-jdbc").build()))) {
                assertThat(memory.engineName()).isEqualTo("native");
                assertThat(await(second.executeFetchAll("SELECT x FROM t"))).hasSize(1);
            }
        }
        // Nor may the other engine write a backup into it or restore from it meanwhile.
        try (Connection jdbc = await(AsyncSqlite.connect(ConnectOptions.builder(file.toString()).engine("sqlite-jdbc").build()));
                Connection memory = open(":memory:")) {
            assertThat(failure(memory.backup(file))).isInstanceOf(ProgrammingException.class).hasMessageContaining("two copies of SQLite");
            assertThat(failure(memory.restore(file, BackupOptions.defaults()))).isInstanceOf(ProgrammingException.class).hasMessageContaining("two copies of SQLite");
            assertThat(await(jdbc.executeFetchAll("SELECT x FROM t"))).hasSize(1);
        }
        // Once every connection of the first engine is closed, the other may open the file.
        try (Connection db = open(file.toString())) {
            assertThat(await(db.executeFetchAll("SELECT x FROM t"))).hasSize(1);
            Throwable refused = failure(AsyncSqlite.connect(ConnectOptions.builder(file.toString()).engine("sqlite-jdbc").build()));
            assertThat(refused).isInstanceOf(ProgrammingException.class).hasMessageContaining("with the native engine");
        }
    }

    @Test
    void aDeniedActionFailsWhileOthersWorkAndClearingTheAuthorizerAllowsIt() throws Exception {
        try (Connection db = open(":memory:")) {
            await(db.setAuthorizer((action, a, b, database, trigger) ->
                    action == SQLITE_DROP_TABLE ? Authorizer.SQLITE_DENY : Authorizer.SQLITE_OK));
            await(db.execute("CREATE TABLE t(x)"));
            await(db.execute("INSERT INTO t VALUES (1)"));
            assertThat(await(db.executeFetchAll("SELECT x FROM t"))).hasSize(1);
            Throwable denied = failure(db.execute("DROP TABLE t"));
            assertThat(denied).isInstanceOf(SqliteException.class).hasMessageContaining("not authorized");
            assertThat(((SqliteException) denied).resultCode()).isIn(SqliteException.SQLITE_AUTH, SqliteException.SQLITE_ERROR);
            await(db.setAuthorizer(null));
            await(db.execute("DROP TABLE t"));
        }
    }

    @Test
    void anAuthorizerThatThrowsFailsTheStatementBeingPreparedWithItsExceptionAndNoOther() throws Exception {
        try (Connection db = open(":memory:")) {
            IllegalStateException no = new IllegalStateException("no");
            await(db.setAuthorizer((action, a, b, database, trigger) -> {
                if (action == SQLITE_CREATE_TABLE) {
                    throw no;
                }
                return Authorizer.SQLITE_OK;
            }));
            Throwable refused = failure(db.execute("CREATE TABLE t(x)"));
            assertThat(refused).isInstanceOf(SqliteException.class).hasCause(no);
            assertThat(refused.getSuppressed()).singleElement().asString().contains("not authorized");
            // The authorizer stays; statements it lets through run as if nothing had happened.
            assertThat(await(db.executeFetchAll("SELECT 1")).get(0).getLong(0)).isEqualTo(1L);
            await(db.setAuthorizer(null));
            await(db.execute("CREATE TABLE t(x)"));
        }
    }

    @Test
    void theTraceSeesStatementsRunByTriggers() throws Exception {
        try (Connection db = open(":memory:")) {
            await(db.executeScript("CREATE TABLE t(x); CREATE TABLE log(x);"
                    + "CREATE TRIGGER tr AFTER INSERT ON t BEGIN INSERT INTO log VALUES (new.x); END;"));
            List<String> seen = new CopyOnWriteArrayList<>();
            await(db.setTraceCallback(seen::add));
            await(db.execute("INSERT INTO t VALUES (1)"));
            assertThat(seen).contains("INSERT INTO t VALUES (1)").anyMatch(s -> s.contains("TRIGGER tr"));
        }
    }

    @Test
    void aTenMebibyteBlobIsWrittenAndReadBackInChunks() throws Exception {
        int size = 10 * 1024 * 1024;
        int chunk = 64 * 1024;
        byte[] data = new byte[size];
        new Random(7).nextBytes(data);
        try (Connection db = open(dir.resolve("blob.db").toString())) {
            await(db.execute("CREATE TABLE files(id INTEGER PRIMARY KEY, body BLOB)"));
            long id = await(db.executeInsert("INSERT INTO files(body) VALUES (zeroblob(?))", size));
            await(db.commit());
            try (Blob blob = await(db.blobOpen("files", "body", id, false))) {
                assertThat(blob.length()).isEqualTo(size);
                List<CompletableFuture<Void>> writes = new ArrayList<>();
                for (int offset = 0; offset < size; offset += chunk) {
                    writes.add(blob.write(java.util.Arrays.copyOfRange(data, offset, offset + chunk)));
                }
                for (CompletableFuture<Void> w : writes) {
                    await(w);
                }
                assertThat(failure(blob.write(new byte[1]))).isInstanceOf(IllegalArgumentException.class);
                blob.seek(0);
                byte[] back = new byte[size];
                for (int offset = 0; offset < size; offset += chunk) {
                    System.arraycopy(await(blob.read(chunk)), 0, back, offset, chunk);
                }
                assertThat(await(blob.read(chunk))).isEmpty();
                assertThat(back).isEqualTo(data);
            }
            byte[] stored = await(db.executeFetchAll("SELECT body FROM files WHERE id = ?", id)).get(0).getBytes(0);
            assertThat(stored).isEqualTo(data);
        }
    }

    @Test
    void defensiveModeBlocksWritableSchemaTricks() throws Exception {
        try (Connection db = open(dir.resolve("defensive.db").toString())) {
            await(db.execute("CREATE TABLE t(x)"));
            assertThat(await(db.setConfig(DbConfig.DEFENSIVE, true))).isTrue();
            assertThat(await(db.getConfig(DbConfig.DEFENSIVE))).isTrue();
            await(db.execute("PRAGMA writable_schema = ON"));
            Throwable e = failure(db.execute("UPDATE sqlite_schema SET sql = 'CREATE TABLE t(x, y' WHERE name = 't'"));
            assertThat(e).isInstanceOf(SqliteException.class);
            assertThat(await(db.executeFetchAll("PRAGMA integrity_check")).get(0).getString(0)).isEqualTo("ok");
            assertThat(await(db.setConfig(DbConfig.ENABLE_FKEY, true))).isTrue();
            assertThat(await(db.executeFetchAll("PRAGMA foreign_keys")).get(0).getLong(0)).isEqualTo(1);
        }
    }

    @Test
    void aBackupGoesStraightIntoAnotherOpenConnection() throws Exception {
        try (Connection source = open(dir.resolve("source.db").toString()); Connection target = open(":memory:")) {
            await(source.executeScript("CREATE TABLE t(x); CREATE TABLE pad(b BLOB);"));
            await(source.executeMany("INSERT INTO pad VALUES (randomblob(4000))", java.util.Collections.nCopies(100, new Object[0])));
            await(source.execute("INSERT INTO t VALUES ('copied')"));
            await(source.commit());
            List<Integer> remaining = new CopyOnWriteArrayList<>();
            await(source.backup(target, BackupOptions.builder().pagesPerStep(5).progress((r, total) -> remaining.add(r)).build()));
            assertThat(remaining.size()).isGreaterThan(5);
            assertThat(remaining.get(remaining.size() - 1)).isZero();
            assertThat(await(target.executeFetchAll("SELECT x FROM t")).get(0).getString(0)).isEqualTo("copied");
            assertThat(await(target.executeFetchAll("SELECT count(*) FROM pad")).get(0).getLong(0)).isEqualTo(100);
        }
    }

    @Test
    void inTransactionComesFromSqliteItself() throws Exception {
        try (Connection db = open(":memory:")) {
            await(db.execute("CREATE TABLE t(x)"));
            await(db.execute("INSERT INTO t VALUES (1)"));
            assertThat(await(db.inTransaction())).isTrue();
            await(db.commit());
            assertThat(await(db.inTransaction())).isFalse();
            assertThat(failure(db.execute("\u0000"))).isInstanceOf(ProgrammingException.class);
        }
    }
}
