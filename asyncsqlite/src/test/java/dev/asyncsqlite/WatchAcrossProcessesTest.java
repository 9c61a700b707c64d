package dev.asyncsqlite;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Commits of another process reach a watch through {@code PRAGMA data_version}: a child JVM
 * ({@link WatchWriterChild}) writes the database the test watches.
 */
class WatchAcrossProcessesTest {
    @TempDir
    Path dir;

    private Process child;
    private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private Writer stdin;

    private static <T> T await(CompletableFuture<T> f) throws Exception {
        return f.get(Results.WAIT_SECONDS, SECONDS);
    }

    // The child runs on the engine its parent runs on, on the same class path.
    private void startWriter(Path db) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Djava.io.tmpdir=" + dir);
        command.add("-Dorg.sqlite.tmpdir=" + dir);
        String engine = System.getProperty(ConnectOptions.ENGINE_PROPERTY);
        if (engine != null) {
            command.add("-D" + ConnectOptions.ENGINE_PROPERTY + "=" + engine);
            if (engine.equals("native")) {
                command.add("--enable-native-access=ALL-UNNAMED");
            }
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), WatchWriterChild.class.getName(), db.toString()));
        child = new ProcessBuilder(command).redirectError(Files.createTempFile(dir, "child", ".err").toFile()).start();
        stdin = new OutputStreamWriter(child.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (java.io.IOException ignored) {
                // the child is gone
            }
        }, "child-output");
        reader.setDaemon(true);
        reader.start();
        assertThat(lines.poll(60, TimeUnit.SECONDS)).as("the child started").isEqualTo("READY");
    }

    private void childRuns(String sql) throws Exception {
        stdin.write(sql + "\n");
        stdin.flush();
        assertThat(lines.poll(Results.WAIT_SECONDS, TimeUnit.SECONDS)).as("the child committed " + sql).isEqualTo("DONE");
    }

    @AfterEach
    void stopWriter() throws Exception {
        if (child != null) {
            child.destroyForcibly();
            child.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void aPoolWatchSeesACommitOfAnotherProcessAtTheNextCheck() throws Exception {
        Path db = dir.resolve("shared.db");
        ConnectOptions options = ConnectOptions.builder(db.toString()).watchPollInterval(Duration.ofMillis(20)).build();
        try (Pool pool = await(AsyncSqlite.pool(PoolOptions.builder(options).readers(2).build()))) {
            await(pool.executeFetchAll("CREATE TABLE t(id INTEGER PRIMARY KEY, v)"));
            Results<List<Row>> results = Results.of(pool.watch("SELECT count(*) FROM t"));
            assertThat(results.next().get(0).getLong(0)).isZero();

            startWriter(db);
            childRuns("INSERT INTO t(v) VALUES (1)");
            assertThat(results.next().get(0).getLong(0)).isEqualTo(1);
            childRuns("INSERT INTO t(v) VALUES (2)");
            assertThat(results.next().get(0).getLong(0)).isEqualTo(2);
        }
    }

    @Test
    void aCommitOfAnotherProcessRunsTheWatchAgainButAnUnchangedResultIsNotEmitted() throws Exception {
        Path db = dir.resolve("shared.db");
        CountDownLatch secondRun = new CountDownLatch(2);
        ConnectOptions options = ConnectOptions.builder(db.toString()).isolationLevel(IsolationLevel.AUTOCOMMIT)
                .pragma("journal_mode", "WAL").watchPollInterval(Duration.ofMillis(20)).build();
        try (Connection watcher = await(AsyncSqlite.connect(options))) {
            await(watcher.executeScript("CREATE TABLE t(id INTEGER PRIMARY KEY, v); CREATE TABLE other(x);"));
            startWriter(db);
            await(watcher.createFunction("counted", 0, args -> {
                secondRun.countDown();
                return 0L;
            }));
            Results<List<Row>> results = Results.of(watcher.watch("SELECT count(*), counted() FROM t"));
            assertThat(results.next().get(0).getLong(0)).isZero();

            childRuns("INSERT INTO other VALUES (1)");
            // The check cannot tell which table the child changed: the query runs again...
            assertThat(secondRun.await(Results.WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
            // ...on the watcher's thread, so once a later query there returned, so had that run.
            await(watcher.executeFetchAll("SELECT 1"));
            assertThat(results.hasMore()).as("the same result is not emitted again").isFalse();

            childRuns("INSERT INTO t(v) VALUES (1)");
            assertThat(results.next().get(0).getLong(0)).isEqualTo(1);
        }
    }
}
