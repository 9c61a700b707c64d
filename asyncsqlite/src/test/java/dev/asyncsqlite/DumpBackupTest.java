package dev.asyncsqlite;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DumpBackupTest {
    @TempDir
    Path dir;

    private static <T> T await(CompletableFuture<T> f) throws Exception {
        return f.get(30, SECONDS);
    }

    private static final String SCHEMA = "CREATE TABLE t1(id INTEGER PRIMARY KEY AUTOINCREMENT, txt TEXT, r REAL, b BLOB, n);"
            + "CREATE INDEX t1_txt ON t1(txt);"
            + "CREATE VIEW v1 AS SELECT id, txt FROM t1 WHERE r > 0;"
            + "CREATE TABLE audit(msg TEXT);"
            + "CREATE TRIGGER t1_ins AFTER INSERT ON t1 BEGIN INSERT INTO audit VALUES ('inserted ' || new.id); END;"
            + "INSERT INTO t1(txt, r, b, n) VALUES ('it''s \"quoted\"\nand two lines', 1.5, x'00ff10', NULL);"
            + "INSERT INTO t1(txt, r, b, n) VALUES (NULL, -0.1, x'', 42);"
            + "INSERT INTO t1(txt, r, b, n) VALUES ('unicode é ✓', 1e300, NULL, 'text');";

    private static List<List<Object>> contents(Connection db, String table) throws Exception {
        List<List<Object>> rows = new ArrayList<>();
        for (Row row : await(db.executeFetchAll("SELECT * FROM " + table + " ORDER BY 1"))) {
            List<Object> values = new ArrayList<>();
            for (Object v : row.toArray()) {
                values.add(v instanceof byte[] ? java.util.HexFormat.of().formatHex((byte[]) v) : v);
            }
            rows.add(values);
        }
        return rows;
    }

    @Test
    void theDumpOfASmallTableIsExactlyWhatSqlite3Writes() throws Exception {
        try (Connection db = await(AsyncSqlite.connect(":memory:"))) {
            await(db.executeScript("CREATE TABLE foo (i integer, k charvar(250));"
                    + "INSERT INTO foo VALUES (1, 'hello'); INSERT INTO foo VALUES (2, 'world');"));
            assertThat(await(db.dump())).containsExactly("BEGIN TRANSACTION;",
                    "CREATE TABLE foo (i integer, k charvar(250));",
                    "INSERT INTO \"foo\" VALUES(1,'hello');",
                    "INSERT INTO \"foo\" VALUES(2,'world');",
                    "COMMIT;");
        }
    }

    @Test
    void aReplayedDumpReproducesEveryTable() throws Exception {
        try (Connection source = await(AsyncSqlite.connect(":memory:"));
             Connection copy = await(AsyncSqlite.connect(":memory:"))) {
            await(source.executeScript(SCHEMA));
            List<String> lines = await(source.dump());
            assertThat(lines).contains("CREATE INDEX t1_txt ON t1(txt);")
                    .anyMatch(l -> l.startsWith("CREATE TRIGGER t1_ins"))
                    .anyMatch(l -> l.startsWith("CREATE VIEW v1"))
                    .contains("DELETE FROM \"sqlite_sequence\";")
                    .endsWith("COMMIT;");
            await(copy.executeScript(String.join("\n", lines)));
            for (String table : List.of("t1", "audit", "v1", "sqlite_sequence")) {
                assertThat(contents(copy, table)).as(table).isEqualTo(contents(source, table));
            }
        }
    }

    @Test
    void iterDumpStreamsTheSameLinesInChunks() throws Exception {
        ConnectOptions options = ConnectOptions.builder(":memory:").iterChunkSize(7).build();
        try (Connection db = await(AsyncSqlite.connect(options))) {
            await(db.executeScript("CREATE TABLE big(i INTEGER);"));
            await(db.executeMany("INSERT INTO big VALUES (?)", () -> java.util.stream.IntStream.range(0, 500)
                    .mapToObj(i -> (Object) new Object[] {i}).iterator()));
            List<String> streamed = new CopyOnWriteArrayList<>();
            CompletableFuture<Void> done = new CompletableFuture<>();
            db.iterDump().subscribe(new Flow.Subscriber<>() {
                Flow.Subscription s;

                @Override
                public void onSubscribe(Flow.Subscription s) {
                    this.s = s;
                    s.request(5);
                }

                @Override
                public void onNext(String line) {
                    streamed.add(line);
                    if (streamed.size() % 5 == 0) {
                        s.request(5);
                    }
                }

                @Override
                public void onError(Throwable t) {
                    done.completeExceptionally(t);
                }

                @Override
                public void onComplete() {
                    done.complete(null);
                }
            });
            await(done);
            assertThat(streamed).hasSize(503).isEqualTo(await(db.dump()));
        }
    }

    @Test
    void aBackupIntoAnOpenConnectionCopiesEveryPageWithProgress() throws Exception {
        try (Connection source = await(AsyncSqlite.connect(dir.resolve("source.db")));
             Connection target = await(AsyncSqlite.connect(":memory:"))) {
            await(source.executeScript(SCHEMA + "CREATE TABLE filler(x BLOB);"));
            await(source.executeMany("INSERT INTO filler VALUES (randomblob(2000))",
                    java.util.Collections.nCopies(200, new Object[0])));
            await(source.commit());
            List<int[]> progress = new CopyOnWriteArrayList<>();
            BackupOptions options = BackupOptions.builder().pagesPerStep(10)
                    .progress((remaining, total) -> progress.add(new int[] {remaining, total})).build();
            await(source.backup(target, options));
            assertThat(progress.size()).isGreaterThan(10);
            assertThat(progress.get(progress.size() - 1)[0]).isZero();
            for (String table : List.of("t1", "audit", "filler")) {
                assertThat(contents(target, table)).as(table).isEqualTo(contents(source, table));
            }
        }
    }

    @Test
    void aBackupToAFileCanBeOpenedAndRestored() throws Exception {
        Path file = dir.resolve("backup.db");
        try (Connection source = await(AsyncSqlite.connect(":memory:"))) {
            await(source.executeScript(SCHEMA));
            await(source.backup(file));
            try (Connection opened = await(AsyncSqlite.connect(file))) {
                assertThat(contents(opened, "t1")).isEqualTo(contents(source, "t1"));
            }
            try (Connection restored = await(AsyncSqlite.connect(":memory:"))) {
                await(restored.restore(file, BackupOptions.defaults()));
                assertThat(contents(restored, "t1")).isEqualTo(contents(source, "t1"));
            }
        }
        assertThat(Files.size(file)).isPositive();
    }

    private static Throwable failure(CompletableFuture<?> f) {
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> f.get(30, SECONDS));
        assertThat(t).isInstanceOf(java.util.concurrent.ExecutionException.class);
        return t.getCause();
    }

    private static List<String> tables(Connection db) throws Exception {
        List<String> names = new ArrayList<>();
        for (Row row : await(db.executeFetchAll("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name"))) {
            names.add(row.getString(0));
        }
        return names;
    }

    private Connection source() throws Exception {
        Connection source = await(AsyncSqlite.connect(dir.resolve("source.db")));
        await(source.executeScript("CREATE TABLE copied(x); INSERT INTO copied VALUES (1);"));
        return source;
    }

    private Connection target() throws Exception {
        Connection target = await(AsyncSqlite.connect(dir.resolve("target.db")));
        await(target.executeScript("CREATE TABLE kept(y); INSERT INTO kept VALUES (1), (2), (3);"));
        return target;
    }

    @Test
    void backupIntoTargetInTransactionFailsAndLeavesItUntouched() throws Exception {
        try (Connection source = source(); Connection target = target()) {
            await(target.execute("INSERT INTO kept VALUES (4)"));
            assertThat(failure(source.backup(target, BackupOptions.defaults()))).isInstanceOf(SqliteException.class)
                    .hasMessageContaining("destination database is in use");
            await(target.commit());
            assertThat(tables(target)).containsExactly("kept");
            assertThat(await(target.executeFetchAll("SELECT count(*) FROM kept")).get(0).getLong(0)).isEqualTo(4L);
        }
    }

    @Test
    void backupIntoTargetWithAnUnfinishedReadFailsAndLeavesItUntouched() throws Exception {
        try (Connection source = source(); Connection target = target()) {
            Cursor reading = await(target.cursor());
            reading.setPrefetch(0);
            await(reading.execute("SELECT y FROM kept ORDER BY y"));
            assertThat(await(reading.fetchOne())).isPresent();
            assertThat(failure(source.backup(target, BackupOptions.defaults()))).isInstanceOf(SqliteException.class)
                    .hasMessageContaining("destination database is in use");
            assertThat(await(reading.fetchAll())).hasSize(2);
            assertThat(tables(target)).containsExactly("kept");
            // Once the read is over, the same backup goes through.
            await(source.backup(target, BackupOptions.defaults()));
            assertThat(tables(target)).containsExactly("copied");
        }
    }

    @Test
    void restoreIntoConnectionInTransactionFailsAndLeavesItUntouched() throws Exception {
        Path file = dir.resolve("snapshot.db");
        try (Connection source = source(); Connection target = target()) {
            await(source.backup(file));
            await(target.execute("INSERT INTO kept VALUES (4)"));
            assertThat(failure(target.restore(file, BackupOptions.defaults()))).isInstanceOf(SqliteException.class)
                    .hasMessageContaining("destination database is in use");
            await(target.commit());
            assertThat(tables(target)).containsExactly("kept");
            await(target.restore(file, BackupOptions.defaults()));
            assertThat(tables(target)).containsExactly("copied");
        }
    }

    @Test
    void restoringFromAFileThatIsNotADatabaseFailsWithSqliteNotadbAndLeavesTheTargetUntouched() throws Exception {
        Path garbage = dir.resolve("garbage.db");
        Files.write(garbage, "this is not an SQLite database, only text long enough to be read as its header".repeat(100)
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        try (Connection target = target()) {
            Throwable e = failure(target.restore(garbage, BackupOptions.defaults()));
            assertThat(e).isInstanceOf(OperationalException.class).hasMessageContaining("file is not a database");
            assertThat(((SqliteException) e).resultCode()).isEqualTo(SqliteException.SQLITE_NOTADB);
            assertThat(tables(target)).containsExactly("kept");
        }
    }

    @Test
    void aBackupOfAMissingSchemaFailsWithSqlitesOwnMessage() throws Exception {
        BackupOptions nosuch = BackupOptions.builder().schema("nosuch").build();
        try (Connection source = source(); Connection target = target()) {
            assertThat(failure(source.backup(target, nosuch))).isInstanceOf(SqliteException.class)
                    .hasMessageContaining("unknown database nosuch");
            assertThat(failure(source.backup(dir.resolve("copy.db"), nosuch))).isInstanceOf(SqliteException.class)
                    .hasMessageContaining("unknown database nosuch");
            await(source.backup(dir.resolve("copy.db")));
            assertThat(failure(target.restore(dir.resolve("copy.db"), nosuch))).isInstanceOf(SqliteException.class)
                    .hasMessageContaining("unknown database nosuch");
            assertThat(tables(target)).containsExactly("kept");
        }
    }

    @Test
    void serializeThenDeserializeGivesEqualRows() throws Exception {
        try (Connection source = await(AsyncSqlite.connect(":memory:"));
             Connection copy = await(AsyncSqlite.connect(":memory:"))) {
            await(source.executeScript(SCHEMA));
            byte[] image = await(source.serialize());
            assertThat(new String(image, 0, 15, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("SQLite format 3");
            await(copy.deserialize(image));
            for (String table : List.of("t1", "audit", "v1")) {
                assertThat(contents(copy, table)).as(table).isEqualTo(contents(source, table));
            }
            await(copy.execute("INSERT INTO audit VALUES ('writable')"));
            await(copy.commit());
        }
    }
}
