package dev.asyncsqlite.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncsqlite.AsyncSqlite;
import dev.asyncsqlite.ConnectOptions;
import dev.asyncsqlite.Connection;
import dev.asyncsqlite.SqliteException;
import dev.asyncsqlite.SqliteLimit;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Garbage in, a clear answer out: random and mutated SQL, random parameters of random types and
 * counts, text with NUL and unpaired surrogates, values past the length limit, very deep
 * expressions and many statements. Every call ends within a bound in a result or a
 * {@link SqliteException}; nothing else escapes, the worker survives and the connection answers
 * {@code SELECT 1} afterwards.
 */
class BadInputProperties {
    private static final String[] WORDS = {"SELECT", "INSERT", "INTO", "VALUES", "FROM", "WHERE", "t", "x", "?", "?1", ":a",
        "@b", "$c", "(", ")", ",", ";", "'", "\"", "--", "/*", "*/", "1", "1.5", "NULL", "x'00'", "CREATE", "TABLE", "DROP",
        "BEGIN", "COMMIT", "ROLLBACK", "WITH", "RECURSIVE", "AS", "UNION", "ALL", "ORDER", "BY", "=", "+", "*", "||",
        "randomblob(10)", "zeroblob(5)", "count(*)", "PRAGMA", "user_version", "CASE", "WHEN", "THEN", "END", "\u0000",
        "\uD800", "é", "TRIGGER", "ON", "DELETE", "UPDATE", "SET"};
    private static final String[] VALID = {"SELECT x FROM t WHERE x = ?", "INSERT INTO t VALUES (?)",
        "UPDATE t SET x = ? WHERE x IS NOT NULL", "SELECT :a, @b, $c", "SELECT ?1, ?2", "DELETE FROM t WHERE x = ?"};

    private static final AtomicLong CASES = new AtomicLong();
    private static final ConcurrentLinkedQueue<String> UNEXPECTED = new ConcurrentLinkedQueue<>();
    private static Connection db;

    @BeforeContainer
    static void open() {
        db = AsyncSqlite.connect(ConnectOptions.builder(":memory:").build()).join();
        db.execute("CREATE TABLE t(x)").join();
        db.setLimit(SqliteLimit.LENGTH, 10_000).join();
    }

    @AfterContainer
    static void close() {
        db.close();
        Figures.record("bad input", CASES.get() + " cases tried, " + UNEXPECTED.size() + " unexpected exceptions"
                + (UNEXPECTED.isEmpty() ? "" : ": " + UNEXPECTED));
        assertThat(UNEXPECTED).isEmpty();
    }

    // The call must end in a result or a SqliteException, within the bound; then the connection answers.
    private static void survives(String what, CompletableFuture<?> call) throws Exception {
        CASES.incrementAndGet();
        try {
            call.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof SqliteException)) {
                UNEXPECTED.add(what + " -> " + e.getCause());
            }
        }
        db.rollback().get(30, TimeUnit.SECONDS);
        assertThat(db.executeFetchAll("SELECT 1").get(30, TimeUnit.SECONDS).get(0).getLong(0)).isEqualTo(1);
    }

    @Provide
    Arbitrary<String> randomSql() {
        return Arbitraries.of(WORDS).list().ofMinSize(1).ofMaxSize(25).map(words -> String.join(" ", words));
    }

    @Provide
    Arbitrary<String> mutatedSql() {
        return Combinators.combine(Arbitraries.of(VALID), Arbitraries.integers().between(0, 40),
                Arbitraries.strings().ofMinLength(0).ofMaxLength(4)).as((sql, at, insert) -> {
                    int cut = Math.min(at, sql.length());
                    return sql.substring(0, cut) + insert + sql.substring(Math.min(sql.length(), cut + insert.length()));
                });
    }

    @Provide
    Arbitrary<List<Object>> parameters() {
        Arbitrary<Object> value = Arbitraries.oneOf(
                Arbitraries.longs().map(v -> (Object) v),
                Arbitraries.doubles().map(v -> (Object) v),
                Arbitraries.strings().ofMaxLength(50).map(v -> (Object) v),
                Arbitraries.strings().withChars('a', '\u0000', '\uD800', '\uDC00', 'é').ofMaxLength(20).map(v -> (Object) v),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(50).map(v -> (Object) v),
                Arbitraries.just((Object) null),
                Arbitraries.just((Object) new Object()),
                Arbitraries.just((Object) new BigDecimal("1e400")),
                Arbitraries.just((Object) new StringBuilder("not a string")),
                Arbitraries.just((Object) "x".repeat(20_000)),
                Arbitraries.just((Object) new byte[20_000]));
        return value.list().ofMaxSize(4);
    }

    @Property(tries = 300)
    void randomSqlEndsInAResultOrASqliteError(@ForAll("randomSql") String sql) throws Exception {
        survives(sql, db.execute(sql));
    }

    @Property(tries = 300)
    void mutatedSqlEndsInAResultOrASqliteError(@ForAll("mutatedSql") String sql, @ForAll("parameters") List<Object> params)
            throws Exception {
        survives(sql + " " + params.size() + " params", db.executeFetchAll(sql, params.toArray()));
    }

    @Property(tries = 300)
    void anyParametersOfAnyCountAndTypeEndInAResultOrABindingError(@ForAll("parameters") List<Object> params)
            throws Exception {
        survives("positional", db.execute("INSERT INTO t VALUES (?)", params.toArray()));
        Map<String, Object> named = new HashMap<>();
        for (int i = 0; i < params.size(); i++) {
            named.put(i % 2 == 0 ? "a" : "b", params.get(i));
        }
        survives("named", db.execute("SELECT :a, :b", named));
        survives("mixed", db.execute("SELECT ?, :a", named));
        List<Object> sets = new ArrayList<>();
        sets.add(params.toArray());
        sets.add(params);
        sets.add(named);
        sets.add("not a parameter set");
        survives("executeMany", db.executeMany("INSERT INTO t VALUES (?)", sets));
    }

    @Property(tries = 20)
    void veryDeepExpressionsAndManyStatementsAreRefusedCleanly(@ForAll("depths") int depth) throws Exception {
        survives("depth " + depth, db.executeFetchAll("SELECT " + "(".repeat(depth) + "1" + ")".repeat(depth)));
        survives("plus chain " + depth, db.executeFetchAll("SELECT 1" + " + 1".repeat(depth)));
        survives("many statements", db.execute("SELECT 1;".repeat(depth)));
        survives("script", db.executeScript("SELECT 1;".repeat(depth)));
    }

    @Provide
    Arbitrary<Integer> depths() {
        return Arbitraries.integers().between(1, 20_000);
    }
}
