package dev.asyncsqlite;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicLong;
import org.reactivestreams.tck.TestEnvironment;
import org.reactivestreams.tck.flow.FlowPublisherVerification;
import org.testng.SkipException;
import org.testng.annotations.AfterMethod;
import org.testng.annotations.Test;

/**
 * The Reactive Streams TCK's publisher rules, checked against {@link Connection#watch}. A watch
 * emits as long as its data changes and completes when its connection closes, so the stream of
 * exactly N results the TCK asks for is a watch whose query commits a change through another
 * connection on each of its first N - 1 runs, and closes its own connection on the N-th.
 */
@Test
public class WatchPublisherTckTest extends FlowPublisherVerification<List<Row>> {
    private final List<AutoCloseable> opened = new ArrayList<>();

    public WatchPublisherTckTest() {
        super(new TestEnvironment(5_000, 500));
    }

    private Connection connect(Path file) {
        Connection db = AsyncSqlite.connect(ConnectOptions.builder(file.toString()).isolationLevel(IsolationLevel.AUTOCOMMIT)
                .watchPollInterval(Duration.ZERO).build()).join();
        synchronized (opened) {
            opened.add(db);
        }
        return db;
    }

    private Path newDatabase() {
        try {
            Path dir = Files.createTempDirectory("watch-tck");
            synchronized (opened) {
                opened.add(() -> {
                    try (var files = Files.walk(dir)) {
                        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                    }
                });
            }
            return dir.resolve("tck.db");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterMethod
    public void closeConnections() throws Exception {
        synchronized (opened) {
            for (AutoCloseable c : opened) {
                c.close();
            }
            opened.clear();
        }
    }

    @Override
    public Flow.Publisher<List<Row>> createFlowPublisher(long elements) {
        Path file = newDatabase();
        Connection db = connect(file);
        Connection writer = connect(file);
        db.execute("CREATE TABLE t(id INTEGER PRIMARY KEY)").join();
        AtomicLong runs = new AtomicLong();
        db.createFunction("advance", 0, args -> {
            long run = runs.incrementAndGet();
            if (run < elements) {
                writer.execute("INSERT INTO t DEFAULT VALUES");
            } else if (run == elements) {
                db.closeAsync();
            }
            return run;
        }).join();
        if (elements == 0) {
            db.closeAsync();
        }
        return db.watch("SELECT count(*), advance() FROM t");
    }

    @Override
    public Flow.Publisher<List<Row>> createFailedFlowPublisher() {
        Connection db = connect(newDatabase());
        Flow.Publisher<List<Row>> watch = db.watch("SELECT 1");
        db.close();
        return watch;
    }

    @Override
    public void optional_spec111_maySupportMultiSubscribe() throws Throwable {
        throw new SkipException("Each subscription to a watch is a watch of its own, which rule 1.11 allows; the"
                + " streams this test builds end when their shared connection closes, so two subscriptions cannot both"
                + " see the number of results the test counts.");
    }
}
