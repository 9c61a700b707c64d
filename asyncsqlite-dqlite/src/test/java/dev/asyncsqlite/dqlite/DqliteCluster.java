package dev.asyncsqlite.dqlite;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A dqlite cluster of {@code dqlite-demo} processes on 127.0.0.1, on free ports and in a
 * scratch directory, for the tests: started by {@link #start}, always stopped by {@link #close}
 * (SIGTERM, then SIGKILL after a timeout: a node that lost quorum may ignore SIGTERM).
 */
final class DqliteCluster implements AutoCloseable {
    private static final long READY_MILLIS = 60_000;

    private final Path dir;
    private final List<String> addresses = new ArrayList<>();
    private final List<Process> processes = new ArrayList<>();

    private DqliteCluster(Path dir) {
        this.dir = dir;
    }

    /** {@code dqlite-demo}, or a failure that says how to get it; never a silent skip. */
    static String demoBinary() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
            File f = new File(dir, "dqlite-demo");
            if (f.canExecute()) {
                return f.getPath();
            }
        }
        throw new IllegalStateException("dqlite-demo is not installed: it comes with the Debian package go-dqlite "
                + "(apt-get install go-dqlite), which .ci/run installs when it is missing");
    }

    static DqliteCluster start(int nodes) throws Exception {
        String demo = demoBinary();
        Path dir = Files.createTempDirectory(Files.createDirectories(Path.of("target", "dqlite")), "cluster");
        DqliteCluster cluster = new DqliteCluster(dir);
        try {
            for (int i = 0; i < nodes; i++) {
                cluster.startNode(demo, i);
                if (i == 0) {
                    cluster.awaitLeader(List.of(cluster.addresses.get(0)));
                }
            }
            cluster.awaitVoters(nodes);
            return cluster;
        } catch (Exception | Error e) {
            cluster.close();
            throw e;
        }
    }

    private void startNode(String demo, int index) throws IOException {
        String db = "127.0.0.1:" + freePort();
        String api = "127.0.0.1:" + freePort();
        Path data = Files.createDirectories(dir.resolve("node" + index));
        List<String> command = new ArrayList<>(List.of(demo, "--api", api, "--db", db, "--dir", data.toString()));
        if (index > 0) {
            command.add("--join");
            command.add(addresses.get(0));
        }
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("node" + index + ".log").toFile()).start();
        // Should the test JVM die without closing the cluster, its nodes die with it.
        Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly, "dqlite-node-" + index + "-reaper"));
        processes.add(p);
        addresses.add(db);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private void awaitLeader(List<String> nodes) {
        DqliteClient.connectToLeader(nodes, (int) READY_MILLIS, 5_000).close();
    }

    private void awaitVoters(int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(READY_MILLIS);
        List<String> last = List.of();
        while (System.nanoTime() < deadline) {
            try (DqliteClient leader = DqliteClient.connectToLeader(addresses, 5_000, 5_000)) {
                last = leader.servers();
                if (last.stream().filter(s -> s.endsWith(" 0")).count() == n) {
                    return;
                }
            } catch (RuntimeException e) {
                last = List.of(e.toString());
            }
            // Waiting for the cluster to change, with an end: the deadline above.
            Thread.sleep(100);
        }
        throw new IllegalStateException("the dqlite cluster did not reach " + n + " voters in " + READY_MILLIS + " ms: " + last
                + "; logs in " + dir);
    }

    /** The nodes' database addresses, host:port. */
    List<String> addresses() {
        return addresses;
    }

    /** {@code dqlite://all-nodes/name}. */
    String url(String database) {
        return "dqlite://" + String.join(",", addresses) + "/" + database;
    }

    /** The address of the current leader. */
    String leader() {
        try (DqliteClient c = DqliteClient.connectToLeader(addresses, 30_000, 5_000)) {
            return c.address();
        }
    }

    /** Kills a node with SIGKILL. */
    void kill(String address) throws InterruptedException {
        Process p = processes.get(addresses.indexOf(address));
        p.destroyForcibly();
        p.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        for (Process p : processes) {
            p.destroy();
        }
        for (Process p : processes) {
            try {
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    p.waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        if (Boolean.getBoolean("dqlite.keepLogs")) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // scratch space under target/
        }
    }
}
