package dev.asyncsqlite.bench;

import dev.asyncsqlite.Connection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of one hop, in microseconds per operation: a point SELECT called directly through
 * sqlite-jdbc, through the naive executor wrapper, and through asyncsqlite with {@code join()};
 * and an empty {@code call} to see the hop alone.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class HopBenchmark {
    private static final int ROWS = 10_000;

    private Path dir;
    private java.sql.Connection jdbc;
    private PreparedStatement select;
    private Naive naive;
    private Connection db;
    private long next;

    /**
     * Creates the database and opens every contender.
     *
     * @throws Exception if the database cannot be made
     */
    @Setup(Level.Trial)
    public void open() throws Exception {
        dir = Files.createTempDirectory("asyncsqlite-jmh");
        Path file = dir.resolve("jmh.db");
        Databases.populate(file, ROWS);
        jdbc = Databases.jdbc(file);
        jdbc.setAutoCommit(false);
        select = jdbc.prepareStatement(Databases.POINT);
        naive = new Naive();
        db = Databases.async(file);
        db.execute("BEGIN").join();
    }

    /**
     * Closes everything.
     *
     * @throws Exception if closing fails
     */
    @TearDown(Level.Trial)
    public void close() throws Exception {
        db.close();
        naive.close();
        jdbc.close();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private long id() {
        next = next % ROWS + 1;
        return next;
    }

    private long query(long id) throws Exception {
        select.setLong(1, id);
        try (ResultSet rs = select.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * The reference: a point SELECT through sqlite-jdbc on the calling thread.
     *
     * @return the value read
     * @throws Exception never
     */
    @Benchmark
    public long syncPointSelect() throws Exception {
        return query(id());
    }

    /**
     * The naive wrapper: the same call on a single-thread executor, joined.
     *
     * @return the value read
     */
    @Benchmark
    public long naivePointSelectJoin() {
        long id = id();
        return naive.join(() -> query(id));
    }

    /**
     * asyncsqlite: a point SELECT in one hop, joined.
     *
     * @return the value read
     */
    @Benchmark
    public long asyncPointSelectJoin() {
        return db.executeFetchAll(Databases.POINT, id()).join().get(0).getLong(0);
    }

    /**
     * asyncsqlite: an empty piece of work, joined: the hop alone.
     *
     * @return nothing
     */
    @Benchmark
    public Object asyncEmptyCallJoin() {
        return db.call(c -> null).join();
    }
}
