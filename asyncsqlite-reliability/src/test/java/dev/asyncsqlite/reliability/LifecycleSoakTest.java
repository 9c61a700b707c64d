package dev.asyncsqlite.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncsqlite.AsyncSqlite;
import dev.asyncsqlite.ConnectionClosedException;
import dev.asyncsqlite.Connection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Open/close cycles leak nothing; close racing queued work leaves no future pending; exit is prompt. */
class LifecycleSoakTest {
    @TempDir
    Path dir;

    private static long workerThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("asyncsqlite-"))
                .count();
    }

    private static void awaitWorkersGone() throws InterruptedException {
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("asyncsqlite-")) {
                t.join(TimeUnit.SECONDS.toMillis(30));
            }
        }
    }

    private static long openFiles() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    @Test
    void openAndCloseCyclesLeakNoThreadsAndNoFiles() throws Exception {
        int cycles = Figures.intProperty("reliability.cycles", 1000);
        Path file = dir.resolve("cycles.db");
        for (int i = 0; i < 20; i++) {
            cycle(file, i);
        }
        awaitWorkersGone();
        long threadsBefore = workerThreads();
        long filesBefore = openFiles();
        for (int i = 0; i < cycles; i++) {
            cycle(file, i);
        }
        awaitWorkersGone();
        long leakedThreads = workerThreads() - threadsBefore;
        long leakedFiles = openFiles() - filesBefore;
        Figures.record("lifecycle", cycles + " open/close cycles, " + Math.max(0, leakedThreads) + " threads and "
                + Math.max(0, leakedFiles) + " file descriptors leaked");
        assertThat(leakedThreads).isLessThanOrEqualTo(0);
        assertThat(leakedFiles).isLessThanOrEqualTo(0);
    }

    private static void cycle(Path file, int i) throws Exception {
        try (Connection db = AsyncSqlite.connect(file).get(30, TimeUnit.SECONDS)) {
            db.execute("CREATE TABLE IF NOT EXISTS t(v)").get(30, TimeUnit.SECONDS);
            db.execute("INSERT INTO t VALUES (?)", i).get(30, TimeUnit.SECONDS);
            db.execute("SELECT * FROM t").get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void closeRacingQueuedWorkFromManyThreadsLeavesNoFuturePending() throws Exception {
        ExecutorService submitters = Executors.newFixedThreadPool(8);
        try {
            for (int round = 0; round < 20; round++) {
                Connection db = AsyncSqlite.connect(dir.resolve("race.db")).get(30, TimeUnit.SECONDS);
                db.execute("CREATE TABLE IF NOT EXISTS t(v)").get(30, TimeUnit.SECONDS);
                List<CompletableFuture<CompletableFuture<?>>> submitted = new ArrayList<>();
                for (int s = 0; s < 8; s++) {
                    for (int i = 0; i < 50; i++) {
                        int v = i;
                        submitted.add(CompletableFuture.supplyAsync(() -> db.execute("INSERT INTO t VALUES (?)", v), submitters));
                    }
                }
                CompletableFuture<Void> closed = db.closeAsync();
                for (CompletableFuture<CompletableFuture<?>> s : submitted) {
                    CompletableFuture<?> op = s.get(30, TimeUnit.SECONDS);
                    try {
                        op.get(30, TimeUnit.SECONDS);
                    } catch (ExecutionException e) {
                        assertThat(e.getCause()).isInstanceOf(ConnectionClosedException.class);
                    }
                }
                closed.get(30, TimeUnit.SECONDS);
            }
        } finally {
            submitters.shutdownNow();
        }
    }

    @Test
    void aProgramThatLeavesConnectionsOpenExitsPromptlyWithItsCommitsIntact() throws Exception {
        Path file = dir.resolve("abandoned.db");
        try (ChildJvm child = ChildJvm.start(dir, AbandonedConnections.class, List.of(), file.toString())) {
            assertThat(child.nextLine(60)).isEqualTo("RETURNING");
            assertThat(child.exited(30)).as("the JVM exits with connections open").isTrue();
            assertThat(child.exitCode()).isZero();
        }
        try (Connection db = AsyncSqlite.connect(file).get(30, TimeUnit.SECONDS)) {
            assertThat(db.executeFetchAll("PRAGMA integrity_check").get(30, TimeUnit.SECONDS).get(0).getString(0)).isEqualTo("ok");
            assertThat(db.executeFetchAll("SELECT v FROM t").get(30, TimeUnit.SECONDS))
                    .extracting(r -> r.getString(0)).containsExactly("committed before exit");
        }
    }
}
