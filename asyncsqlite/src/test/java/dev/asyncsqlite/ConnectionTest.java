package dev.asyncsqlite;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnectionTest {
    @TempDir
    Path dir;

    private Connection db;

    @BeforeEach
    void open() throws Exception {
        db = AsyncSqlite.connect(dir.resolve("test.db")).get(10, SECONDS);
        db.execute("CREATE TABLE users(id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL UNIQUE, age INTEGER)").get(10, SECONDS);
    }

    @AfterEach
    void close() {
        db.close();
    }

    private static <T> T await(CompletableFuture<T> f) throws Exception {
        return f.get(10, SECONDS);
    }

    @Test
    void executeBindsPositionalParameters() throws Exception {
        await(db.execute("INSERT INTO users(name, age) VALUES (?, ?)", "Alice", 30));
        List<Row> rows = await(db.executeFetchAll("SELECT name, age FROM users WHERE age > ?", 25));
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).getString("name")).isEqualTo("Alice");
        assertThat(rows.get(0).get("age")).isEqualTo(30L);
    }

    @Test
    void executeBindsNumberedParameters() throws Exception {
        await(db.execute("INSERT INTO users(name, age) VALUES (?2, ?1)", 41, "Carol"));
        assertThat(await(db.executeFetchAll("SELECT age FROM users WHERE name = 'Carol'")).get(0).getLong(0)).isEqualTo(41);
    }

    @Test
    void executeBindsNamedParametersWithEveryPrefix() throws Exception {
        await(db.execute("INSERT INTO users(name, age) VALUES (:name, @age)", Map.of("name", "Bob", "age", 24)));
        await(db.execute("INSERT INTO users(name, age) VALUES ($name, :age)", Map.of("name", "Dan", "age", 50, "extra", 1)));
        List<Row> rows = await(db.executeFetchAll("SELECT name, age FROM users ORDER BY id"));
        assertThat(rows).extracting(r -> r.getString("name"), r -> r.getLong("age"))
                .containsExactly(org.assertj.core.groups.Tuple.tuple("Bob", 24L), org.assertj.core.groups.Tuple.tuple("Dan", 50L));
    }

    @Test
    void aNamedParameterUsedTwiceTakesOneValue() throws Exception {
        Cursor c = await(db.execute("SELECT :x + :x AS twice", Map.of("x", 21)));
        assertThat(await(c.fetchOne()).orElseThrow().getLong("twice")).isEqualTo(42);
    }

    @Test
    void executeInsertReturnsTheRowId() throws Exception {
        long first = await(db.executeInsert("INSERT INTO users(name) VALUES (?)", "a"));
        long second = await(db.executeInsert("INSERT INTO users(name) VALUES (?)", "b"));
        assertThat(first).isEqualTo(1);
        assertThat(second).isEqualTo(2);
    }

    @Test
    void executeManyRunsOnceForEveryParameterSetOfAnyShape() throws Exception {
        List<Object> sets = List.of(new Object[] {"a", 1}, List.of("b", 2), new Object[] {"c", 3});
        Cursor c = await(db.executeMany("INSERT INTO users(name, age) VALUES (?, ?)", sets));
        assertThat(c.rowCount()).isEqualTo(3);
        Cursor named = await(db.executeMany("INSERT INTO users(name, age) VALUES (:n, :a)",
                List.of(Map.of("n", "d", "a", 4), Map.of("n", "e", "a", 5))));
        assertThat(named.rowCount()).isEqualTo(2);
        assertThat(await(db.executeFetchAll("SELECT sum(age) FROM users")).get(0).getLong(0)).isEqualTo(15);
    }

    @Test
    void executeManyIsAllOrNothing() throws Exception {
        await(db.execute("INSERT INTO users(name) VALUES ('taken')"));
        await(db.commit());
        List<Object[]> sets = List.of(new Object[] {"x"}, new Object[] {"y"}, new Object[] {"taken"}, new Object[] {"z"});
        assertThatThrownBy(() -> await(db.executeMany("INSERT INTO users(name) VALUES (?)", sets)))
                .cause().isInstanceOf(IntegrityConstraintException.class).hasMessageContaining("parameter set 2");
        assertThat(await(db.executeFetchAll("SELECT name FROM users"))).hasSize(1);
    }

    @Test
    void executeManyRejectsABadParameterSetNamingIt() throws Exception {
        List<Object[]> sets = List.of(new Object[] {"x"}, new Object[] {"y", 2});
        assertThatThrownBy(() -> await(db.executeMany("INSERT INTO users(name) VALUES (?)", sets)))
                .cause().isInstanceOf(ParameterBindingException.class).hasMessageContaining("parameter set 1");
        assertThat(await(db.executeFetchAll("SELECT name FROM users"))).isEmpty();
    }

    @Test
    void executeManyRefusesStatementsThatReturnRows() throws Exception {
        assertThatThrownBy(() -> await(db.executeMany("SELECT ?", List.<Object>of(new Object[] {1}))))
                .cause().isInstanceOf(ProgrammingException.class);
    }

    @Test
    void executeScriptRunsEveryStatementAndCommitsFirst() throws Exception {
        await(db.execute("INSERT INTO users(name) VALUES ('pending')"));
        assertThat(await(db.inTransaction())).isTrue();
        await(db.executeScript("CREATE TABLE a(x); INSERT INTO a VALUES (1); INSERT INTO a VALUES (2);"
                + " CREATE TRIGGER tr AFTER INSERT ON a BEGIN INSERT INTO users(name) VALUES ('t' || new.x); END;"
                + " INSERT INTO a VALUES (3);"));
        assertThat(await(db.inTransaction())).isFalse();
        await(db.rollback());
        assertThat(await(db.executeFetchAll("SELECT name FROM users ORDER BY id"))).extracting(r -> r.getString(0))
                .containsExactly("pending", "t3");
        assertThat(await(db.executeFetchAll("SELECT count(*) FROM a")).get(0).getLong(0)).isEqualTo(3);
    }

    @Test
    void inTransactionFollowsSqlitesImplicitTransactions() throws Exception {
        assertThat(await(db.inTransaction())).isFalse();
        await(db.execute("SELECT * FROM users"));
        assertThat(await(db.inTransaction())).isFalse();
        await(db.execute("INSERT INTO users(name) VALUES ('a')"));
        assertThat(await(db.inTransaction())).isTrue();
        await(db.commit());
        assertThat(await(db.inTransaction())).isFalse();
    }

    @Test
    void rollbackDiscardsUncommittedChanges() throws Exception {
        await(db.execute("INSERT INTO users(name) VALUES ('a')"));
        await(db.rollback());
        assertThat(await(db.executeFetchAll("SELECT * FROM users"))).isEmpty();
        await(db.commit());
        await(db.rollback());
    }

    @Test
    void uncommittedChangesAreInvisibleToOtherConnections() throws Exception {
        await(db.execute("INSERT INTO users(name) VALUES ('a')"));
        try (Connection other = await(AsyncSqlite.connect(dir.resolve("test.db")))) {
            assertThat(await(other.executeFetchAll("SELECT * FROM users"))).isEmpty();
            await(db.commit());
            assertThat(await(other.executeFetchAll("SELECT * FROM users"))).hasSize(1);
        }
    }

    @Test
    void autocommitCommitsEveryStatement() throws Exception {
        ConnectOptions options = ConnectOptions.builder(dir.resolve("test.db")).isolationLevel(IsolationLevel.AUTOCOMMIT).build();
        try (Connection auto = await(AsyncSqlite.connect(options))) {
            await(auto.execute("INSERT INTO users(name) VALUES ('a')"));
            assertThat(await(auto.inTransaction())).isFalse();
            assertThat(await(auto.isolationLevel())).isEqualTo(IsolationLevel.AUTOCOMMIT);
        }
        assertThat(await(db.executeFetchAll("SELECT * FROM users"))).hasSize(1);
    }

    @Test
    void switchingToAutocommitCommitsTheOpenTransaction() throws Exception {
        await(db.execute("INSERT INTO users(name) VALUES ('a')"));
        await(db.setIsolationLevel(IsolationLevel.AUTOCOMMIT));
        assertThat(await(db.inTransaction())).isFalse();
        assertThat(await(db.isolationLevel())).isEqualTo(IsolationLevel.AUTOCOMMIT);
        await(db.execute("INSERT INTO users(name) VALUES ('b')"));
        assertThat(await(db.inTransaction())).isFalse();
        await(db.setIsolationLevel(IsolationLevel.IMMEDIATE));
        await(db.execute("INSERT INTO users(name) VALUES ('c')"));
        assertThat(await(db.inTransaction())).isTrue();
    }

    @Test
    void totalChangesCountsEveryChangedRow() throws Exception {
        long before = await(db.totalChanges());
        await(db.executeMany("INSERT INTO users(name) VALUES (?)", List.of(List.of("a"), List.of("b"))));
        await(db.execute("UPDATE users SET age = 1"));
        assertThat(await(db.totalChanges()) - before).isEqualTo(4);
    }

    @Test
    void queryMapsRows() throws Exception {
        await(db.execute("INSERT INTO users(name, age) VALUES ('a', 1), ('b', 2)"));
        List<String> names = await(db.query("SELECT name, age FROM users ORDER BY id",
                row -> row.getString("name") + row.getLong("age")));
        assertThat(names).containsExactly("a1", "b2");
    }

    @Test
    void callRunsSynchronousWorkInOneHop() throws Exception {
        long total = await(db.call(c -> {
            for (int i = 0; i < 10; i++) {
                c.insert("INSERT INTO users(name, age) VALUES (?, ?)", "u" + i, i);
            }
            assertThat(c.inTransaction()).isTrue();
            c.commit();
            List<Long> ages = new ArrayList<>();
            c.forEach("SELECT age FROM users ORDER BY age", row -> ages.add(row.getLong(0)));
            return c.queryOne("SELECT sum(age) FROM users").orElseThrow().getLong(0) + ages.size();
        }));
        assertThat(total).isEqualTo(45 + 10);
    }

    @Test
    void queryOneReadsTheFirstRowAndLeavesTheStatementReusable() throws Exception {
        List<Object> seen = await(db.call(c -> {
            c.update("CREATE TABLE q(x INTEGER)");
            List<Object> out = new ArrayList<>();
            out.add(c.queryOne("SELECT x FROM q").isPresent());
            // Every row of a multi-row INSERT ... RETURNING is inserted, though one is read.
            out.add(c.queryOne("INSERT INTO q VALUES (1), (2), (3) RETURNING x").orElseThrow().getLong(0));
            out.add(c.queryOne("SELECT count(*) FROM q").orElseThrow().getLong(0));
            for (int i = 0; i < 3; i++) {
                out.add(c.queryOne("SELECT x FROM q ORDER BY x DESC").orElseThrow().getLong(0));
            }
            return out;
        }));
        assertThat(seen).containsExactly(false, 1L, 3L, 3L, 3L, 3L);
    }

    @Test
    void theSynchronousViewCannotEscapeItsCall() throws Exception {
        SyncConnection escaped = await(db.call(c -> c));
        assertThatThrownBy(() -> escaped.query("SELECT 1")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void anExceptionFromCallFailsOnlyThatCall() throws Exception {
        CompletableFuture<Object> failed = db.call(c -> {
            throw new java.io.IOException("boom");
        });
        assertThatThrownBy(() -> await(failed)).isInstanceOf(ExecutionException.class).cause().hasMessage("boom");
        CompletableFuture<Object> error = db.call(c -> {
            throw new AssertionError("an Error");
        });
        assertThatThrownBy(() -> await(error)).cause().isInstanceOf(AssertionError.class);
        assertThat(await(db.executeFetchAll("SELECT 1")).get(0).getLong(0)).isEqualTo(1);
    }

    @Test
    void connectAcceptsMemoryAndUris() throws Exception {
        try (Connection mem = await(AsyncSqlite.connect(":memory:"))) {
            assertThat(await(mem.executeFetchAll("SELECT 1 + 1")).get(0).getLong(0)).isEqualTo(2);
        }
        String uri = "file:" + dir.resolve("test.db") + "?mode=ro";
        try (Connection ro = await(AsyncSqlite.connect(uri))) {
            assertThat(await(ro.executeFetchAll("SELECT count(*) FROM users")).get(0).getLong(0)).isZero();
            assertThatThrownBy(() -> await(ro.execute("INSERT INTO users(name) VALUES ('x')")))
                    .cause().isInstanceOf(ReadOnlyException.class);
        }
    }

    @Test
    void readOnlyOptionRefusesWrites() throws Exception {
        ConnectOptions options = ConnectOptions.builder(dir.resolve("test.db")).readOnly(true).build();
        try (Connection ro = await(AsyncSqlite.connect(options))) {
            assertThatThrownBy(() -> await(ro.execute("INSERT INTO users(name) VALUES ('x')")))
                    .cause().isInstanceOf(ReadOnlyException.class)
                    .satisfies(e -> assertThat(((SqliteException) e).resultCode()).isEqualTo(SqliteException.SQLITE_READONLY));
        }
    }

    @Test
    void pragmasAreAppliedAtOpen() throws Exception {
        ConnectOptions options = ConnectOptions.builder(dir.resolve("wal.db")).pragma("journal_mode", "WAL")
                .pragma("user_version", "7").build();
        try (Connection wal = await(AsyncSqlite.connect(options))) {
            assertThat(await(wal.executeFetchAll("PRAGMA journal_mode")).get(0).getString(0)).isEqualTo("wal");
            assertThat(await(wal.executeFetchAll("PRAGMA user_version")).get(0).getLong(0)).isEqualTo(7);
        }
    }

    @Test
    void textAsBytesReturnsUtf8Bytes() throws Exception {
        ConnectOptions options = ConnectOptions.builder(":memory:").textAsBytes(true).build();
        try (Connection bytes = await(AsyncSqlite.connect(options))) {
            Object value = await(bytes.executeFetchAll("SELECT 'é'")).get(0).get(0);
            assertThat(value).isEqualTo("é".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    @Test
    void valuesRoundTripWithSqliteStorageClasses() throws Exception {
        Row row = await(db.executeFetchAll("SELECT ?, ?, ?, ?, ?, ?, ?", 1, 2L, 1.5, "text", new byte[] {1, 2}, null, true)).get(0);
        assertThat(row.get(0)).isEqualTo(1L);
        assertThat(row.get(1)).isEqualTo(2L);
        assertThat(row.get(2)).isEqualTo(1.5);
        assertThat(row.get(3)).isEqualTo("text");
        assertThat((byte[]) row.get(4)).containsExactly(1, 2);
        assertThat(row.get(5)).isNull();
        assertThat(row.get(6)).isEqualTo(1L);
        assertThat((byte[]) await(db.executeFetchAll("SELECT x''")).get(0).get(0)).isEmpty();
    }

    @Test
    void customAdaptersReplaceTheBuiltInOnes() throws Exception {
        ConnectOptions options = ConnectOptions.builder(":memory:")
                .adapter(Point.class, p -> p.x() + "," + p.y()).build();
        try (Connection custom = await(AsyncSqlite.connect(options))) {
            assertThat(await(custom.executeFetchAll("SELECT ?", new Point(3, 4))).get(0).getString(0)).isEqualTo("3,4");
        }
    }

    record Point(int x, int y) {
    }

    @Test
    void emptyStatementsDoNothing() throws Exception {
        Cursor c = await(db.execute("  -- nothing here\n ;"));
        assertThat(await(c.fetchAll())).isEmpty();
        assertThat(c.description()).isEmpty();
    }
}
