package dev.asyncsqlite.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncsqlite.Aggregate;
import dev.asyncsqlite.AsyncSqlite;
import dev.asyncsqlite.Authorizer;
import dev.asyncsqlite.ConnectOptions;
import dev.asyncsqlite.Connection;
import dev.asyncsqlite.Cursor;
import dev.asyncsqlite.IsolationLevel;
import dev.asyncsqlite.Row;
import dev.asyncsqlite.SqliteException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * User callbacks that throw at random moments (while SQLite prepares a statement: the schema read
 * of a fresh connection and the authorizer; and while it steps one: functions, aggregates,
 * collations, the progress handler, the update hook, the trace) fail exactly the operation they
 * ran in, with what they threw as the cause. Every other operation, including reads of cursors
 * left open meanwhile, succeeds with the result it has when nothing throws, and every write
 * reported as done is in the database afterwards. Writes run in autocommit mode, since an
 * interrupted write inside a transaction makes SQLite roll the whole transaction back.
 */
class CallbackFailureProperties {
    private static final int FIXED_ROWS = 20;
    private static final long FIXED_SUM = FIXED_ROWS * (FIXED_ROWS + 1) / 2;
    private static final List<Long> FIXED = IntStream.rangeClosed(1, FIXED_ROWS).mapToObj(i -> (long) i).collect(Collectors.toList());
    private static final List<Long> FIXED_AS_TEXT = FIXED.stream().sorted(Comparator.comparing(String::valueOf)).collect(Collectors.toList());

    private static final AtomicLong OPERATIONS = new AtomicLong();
    private static final AtomicLong FAILED = new AtomicLong();
    private static final AtomicInteger TRIES = new AtomicInteger();
    private static Path dir;

    enum Op { SUM, FUNCTION, AGGREGATE, COLLATION, WRITE, OPEN_CURSOR, FETCH, CLOSE_CURSOR, SCHEMA_CHANGE }

    /** What a callback throws: it knows the operation that was running. */
    static final class Injected extends RuntimeException {
        Injected(String callback, int operation) {
            super(callback + " failed during operation " + operation, null, false, false);
        }
    }

    /** Decides, callback by callback, whether to throw, and remembers what was thrown during which operation. */
    static final class Injector {
        private final Random random;
        private final double probability;
        private final Map<Integer, Set<Throwable>> thrown = new HashMap<>();
        // The operation running now; written before each operation is submitted, read by the callbacks.
        private volatile int operation = -1;

        Injector(long seed, double probability) {
            this.random = new Random(seed);
            this.probability = probability;
        }

        synchronized void maybeFail(String callback) {
            if (operation >= 0 && random.nextDouble() < probability) {
                Injected e = new Injected(callback, operation);
                thrown.computeIfAbsent(operation, k -> new HashSet<>()).add(e);
                throw e;
            }
        }

        synchronized Set<Throwable> thrownDuring(int op) {
            return thrown.getOrDefault(op, Set.of());
        }
    }

    /** A cursor left open over the fixed rows, and the rows it has still to give. */
    static final class OpenCursor {
        final Cursor cursor;
        final List<Long> remaining;

        OpenCursor(Cursor cursor, List<Long> remaining) {
            this.cursor = cursor;
            this.remaining = remaining;
        }
    }

    @BeforeContainer
    static void makeDirectory() throws IOException {
        dir = Files.createTempDirectory("asyncsqlite-callbacks-");
    }

    @AfterContainer
    static void report() throws IOException {
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        Figures.record("callback failures", TRIES.get() + " sequences, " + OPERATIONS.get() + " operations, "
                + FAILED.get() + " failed by a callback, each exactly the operation its callback ran in");
    }

    @Provide
    Arbitrary<List<Op>> operations() {
        return Arbitraries.of(Op.values()).list().ofMinSize(1).ofMaxSize(30);
    }

    private static <T> T await(CompletableFuture<T> f) throws Exception {
        return f.get(30, TimeUnit.SECONDS);
    }

    @Property(tries = 150)
    void aCallbackFailureFailsOnlyTheOperationItRanIn(@ForAll long seed, @ForAll @DoubleRange(min = 0, max = 0.3) double probability,
            @ForAll @IntRange(min = 1, max = 30) int progressEvery, @ForAll("operations") List<Op> ops) throws Exception {
        int attempt = TRIES.incrementAndGet();
        Path file = dir.resolve("try" + attempt + ".db");
        try (Connection setup = await(AsyncSqlite.connect(file))) {
            await(setup.executeScript("PRAGMA journal_mode = WAL; CREATE TABLE fixed(v INTEGER); CREATE TABLE log(v INTEGER);"
                    + "WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < " + FIXED_ROWS + ")"
                    + " INSERT INTO fixed SELECT i FROM c;"));
        }
        Injector injector = new Injector(seed, probability);
        ConnectOptions options = ConnectOptions.builder(file.toString()).isolationLevel(IsolationLevel.AUTOCOMMIT).build();
        Set<Long> written = new HashSet<>();
        try (Connection db = await(AsyncSqlite.connect(options));
             Connection sibling = await(AsyncSqlite.connect(options))) {
            install(db, injector, progressEvery);
            List<OpenCursor> open = new ArrayList<>();
            for (int k = 0; k < ops.size(); k++) {
                injector.operation = k;
                run(k, ops.get(k), db, sibling, injector, open, written);
            }
            injector.operation = -1;
            for (OpenCursor c : open) {
                c.cursor.close();
            }
            // Still usable, with the callbacks removed.
            await(db.setProgressHandler(null, 0));
            await(db.setTraceCallback(null));
            await(db.setUpdateHook(null));
            assertThat(await(db.executeFetchAll("SELECT 1")).get(0).getLong(0)).isEqualTo(1L);
        }
        try (Connection check = await(AsyncSqlite.connect(file))) {
            Set<Long> present = new HashSet<>();
            for (Row row : await(check.executeFetchAll("SELECT v FROM log"))) {
                present.add(row.getLong(0));
            }
            assertThat(present).as("every write reported as done").containsAll(written);
        }
    }

    private static void install(Connection db, Injector injector, int progressEvery) throws Exception {
        await(db.createFunction("f", 1, args -> {
            injector.maybeFail("function");
            return args[0];
        }));
        await(db.createAggregate("agg", 1, () -> new Aggregate() {
            long sum;

            @Override
            public void step(Object[] args) {
                injector.maybeFail("aggregate step");
                sum += (Long) args[0];
            }

            @Override
            public Object finish() {
                injector.maybeFail("aggregate finish");
                return sum;
            }
        }));
        await(db.createCollation("c", (a, b) -> {
            injector.maybeFail("collation");
            return a.compareTo(b);
        }));
        await(db.setUpdateHook((kind, database, table, rowId) -> injector.maybeFail("update hook")));
        await(db.setTraceCallback(sql -> injector.maybeFail("trace")));
        if (db.engineName().equals("native")) {
            await(db.setAuthorizer((action, a, b, database, trigger) -> {
                injector.maybeFail("authorizer");
                return Authorizer.SQLITE_OK;
            }));
        }
        // Last, so that the first statement's prepare, which reads the schema, already runs it.
        await(db.setProgressHandler(() -> {
            injector.maybeFail("progress handler");
            return false;
        }, progressEvery));
    }

    private static void run(int k, Op op, Connection db, Connection sibling, Injector injector, List<OpenCursor> open,
                            Set<Long> written) throws Exception {
        OPERATIONS.incrementAndGet();
        switch (op) {
            case SUM:
                expect(k, injector, db.executeFetchAll("SELECT sum(v) FROM fixed"), rows -> scalar(rows) == FIXED_SUM);
                break;
            case FUNCTION:
                expect(k, injector, db.executeFetchAll("SELECT sum(f(v)) FROM fixed"), rows -> scalar(rows) == FIXED_SUM);
                break;
            case AGGREGATE:
                expect(k, injector, db.executeFetchAll("SELECT agg(v) FROM fixed"), rows -> scalar(rows) == FIXED_SUM);
                break;
            case COLLATION:
                expect(k, injector, db.executeFetchAll("SELECT v FROM fixed ORDER BY CAST(v AS TEXT) COLLATE c"),
                        rows -> values(rows).equals(FIXED_AS_TEXT));
                break;
            case WRITE:
                if (expect(k, injector, db.execute("INSERT INTO log VALUES (?)", k), cursor -> cursor.rowCount() == 1)) {
                    written.add((long) k);
                }
                break;
            case OPEN_CURSOR:
                if (open.size() < 2) {
                    Cursor cursor = await(db.cursor());
                    cursor.setPrefetch(0);
                    CompletableFuture<List<Row>> first = cursor.execute("SELECT v FROM fixed ORDER BY v")
                            .thenCompose(c -> c.fetchMany(1));
                    if (expect(k, injector, first, rows -> values(rows).equals(FIXED.subList(0, 1)))) {
                        open.add(new OpenCursor(cursor, new ArrayList<>(FIXED.subList(1, FIXED.size()))));
                    }
                }
                break;
            case FETCH:
                if (!open.isEmpty()) {
                    OpenCursor c = open.get(k % open.size());
                    List<Long> next = new ArrayList<>(c.remaining.subList(0, Math.min(3, c.remaining.size())));
                    if (expect(k, injector, c.cursor.fetchMany(3), rows -> values(rows).equals(next))) {
                        c.remaining.subList(0, next.size()).clear();
                    } else {
                        // The failed statement is gone: the cursor has no more rows.
                        c.remaining.clear();
                    }
                }
                break;
            case CLOSE_CURSOR:
                if (!open.isEmpty()) {
                    expect(k, injector, open.remove(0).cursor.closeAsync(), ignored -> true);
                }
                break;
            case SCHEMA_CHANGE:
                // Another connection changes the schema: the next statement here reads it again.
                // (Not under an open cursor, whose older snapshot would make the next write busy.)
                if (open.isEmpty()) {
                    await(sibling.execute("CREATE TABLE IF NOT EXISTS extra" + k + "(x)"));
                }
                break;
            default:
                throw new AssertionError(op);
        }
    }

    /**
     * Waits for operation {@code k}: if no callback threw during it, it must succeed with a result
     * that {@code check} accepts; otherwise it must fail with one of those exceptions as the cause.
     *
     * @return whether it succeeded
     */
    private static <T> boolean expect(int k, Injector injector, CompletableFuture<T> future, java.util.function.Predicate<T> check)
            throws Exception {
        T result = null;
        Throwable failure = null;
        try {
            result = future.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            failure = e.getCause();
        }
        Set<Throwable> thrown = injector.thrownDuring(k);
        if (thrown.isEmpty()) {
            assertThat(failure).as("operation %d, during which no callback threw", k).isNull();
            assertThat(check.test(result)).as("result of operation %d: %s", k, result).isTrue();
            return true;
        }
        FAILED.incrementAndGet();
        assertThat(failure).as("operation %d, during which %s were thrown", k, thrown).isInstanceOf(SqliteException.class);
        assertThat(thrown).as("the cause of operation %d's failure", k).contains(failure.getCause());
        return false;
    }

    private static long scalar(List<Row> rows) {
        return rows.get(0).getLong(0);
    }

    private static List<Long> values(List<Row> rows) {
        List<Long> values = new ArrayList<>();
        for (Row row : rows) {
            values.add(row.getLong(0));
        }
        return values;
    }
}
