package dev.asyncsqlite.bench;

import dev.asyncsqlite.AsyncSqlite;
import dev.asyncsqlite.Connection;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Runs every workload for every contender in the same run and prints a markdown table of
 * throughput and the ratio to the synchronous reference. Exits with 1 if contenders of a
 * workload disagree on what they read or wrote, so a fast wrong answer cannot win.
 *
 * <pre>
 * --scale 1.0        workload sizes (1.0 = the sizes of issue 4)
 * --runs 5           runs per contender; the table shows medians
 * --workloads W1,W3  which workloads (default: all, and the idle measurement)
 * --out file.md      also write the table there
 * --dqlite h:p,h:p   add the dqlite engine to W1, W3, W4 on this cluster (dqlite-cluster.sh start)
 * </pre>
 */
public final class CompareRunner {
    private CompareRunner() {
    }

    /**
     * Runs the comparison.
     *
     * @param args see the class documentation
     * @throws Exception if a contender fails
     */
    public static void main(String[] args) throws Exception {
        double scale = 1.0;
        int runs = 5;
        List<String> selected = List.of("W1", "W2", "W3", "W4", "W5", "W6", "W7", "W8", "IDLE");
        Path out = null;
        String dqliteNodes = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--scale" -> scale = Double.parseDouble(args[++i]);
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--workloads" -> selected = Arrays.asList(args[++i].toUpperCase(Locale.ROOT).split(","));
                case "--out" -> out = Path.of(args[++i]);
                case "--dqlite" -> dqliteNodes = args[++i];
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        Path root = Files.createTempDirectory("asyncsqlite-bench");
        try {
            System.exit(run(scale, runs, selected, root, out, dqliteNodes));
        } finally {
            delete(root);
        }
    }

    private static int run(double scale, int runs, List<String> selected, Path root, Path out, String dqliteNodes)
            throws Exception {
        Path readDb = root.resolve("read.db");
        String nativeProblem = nativeEngineProblem();
        Workloads workloads = new Workloads(scale, readDb, nativeProblem == null);
        Databases.populate(readDb, workloads.tableRows());
        if (dqliteNodes != null) {
            workloads.withDqlite(dqliteNodes);
        }

        Map<String, Map<String, Contender>> all = new LinkedHashMap<>();
        all.put("W1 100k single-row INSERTs, awaited one by one, one transaction", workloads.w1());
        all.put("W2 1M rows by one executeMany", workloads.w2());
        all.put("W3 100k point SELECTs by random id, awaited one by one", workloads.w3());
        all.put("W4 scan of 1M rows, every column", workloads.w4());
        all.put("W5 100k point SELECTs from 64 concurrent tasks on one connection", workloads.w5());
        all.put("W6 W1 as an async chain", workloads.w6());
        all.put("W7 100k point SELECTs from 64 tasks: Pool vs one Connection", workloads.w7());
        all.put("W8 W7 while one task writes continuously", workloads.w8());

        // Idle cost first, before the workloads leave the JIT and the collector busy.
        String idle = selected.contains("IDLE") ? idle(root) : "";
        StringBuilder table = new StringBuilder();
        table.append(String.format(Locale.ROOT, "scale %.3g, %d runs, medians; JDK %s, %d cores, %s%n%n", scale, runs,
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(), cpu()));
        table.append(nativeProblem == null ? "" : "The native engine is not among the contenders: " + nativeProblem + "\n\n");
        String cProblem = CReference.unavailable();
        table.append(cProblem == null ? "" : "The C reference is not among the contenders: " + cProblem + "\n\n");
        table.append("| workload | contender | ops/s | µs/op | ratio to reference |\n|---|---|---:|---:|---:|\n");
        boolean agreed = true;
        for (Map.Entry<String, Map<String, Contender>> workload : all.entrySet()) {
            String id = workload.getKey().substring(0, 2);
            if (!selected.contains(id)) {
                continue;
            }
            Map<String, List<Measurement>> results = new LinkedHashMap<>();
            for (int r = 0; r < runs; r++) {
                // Contenders take turns, so drift on a noisy machine spreads over all of them.
                for (Map.Entry<String, Contender> contender : workload.getValue().entrySet()) {
                    Path dir = Files.createDirectories(root.resolve(id + "-" + r + "-" + results.size() + "-" + System.nanoTime()));
                    Measurement m = contender.getValue().run(dir);
                    delete(dir);
                    if (m != null) {
                        results.computeIfAbsent(contender.getKey(), k -> new ArrayList<>()).add(m);
                    }
                }
            }
            agreed &= report(workload.getKey(), results, table);
        }
        table.append(idle);
        System.out.println(table);
        if (out != null) {
            Files.writeString(out, table.toString());
        }
        if (!agreed) {
            System.out.println("FAILED: contenders disagree on their results");
            return 1;
        }
        return 0;
    }

    private static boolean report(String workload, Map<String, List<Measurement>> results, StringBuilder table) {
        double reference = 0;
        Checksum expected = null;
        boolean agreed = true;
        for (Map.Entry<String, List<Measurement>> e : results.entrySet()) {
            List<Measurement> runs = e.getValue();
            double median = runs.stream().mapToDouble(Measurement::opsPerSecond).sorted().toArray()[runs.size() / 2];
            if (reference == 0) {
                reference = median;
            }
            for (Measurement m : runs) {
                if (expected == null) {
                    expected = m.checksum();
                } else if (!expected.equals(m.checksum())) {
                    agreed = false;
                    System.out.println("MISMATCH in " + workload + ": " + e.getKey() + " produced " + m.checksum()
                            + ", expected " + expected);
                }
            }
            String note = runs.get(runs.size() / 2).note();
            String extra = note.isEmpty() ? "" : " (" + note + ")";
            table.append(String.format(Locale.ROOT, "| %s | %s%s | %,.0f | %.2f | %.2f |%n", workload, e.getKey(), extra,
                    median, 1e6 / median, median / reference));
        }
        return agreed;
    }

    // The native engine joins when its module is on the class path and native access is on.
    private static String nativeEngineProblem() {
        try (Connection db = AsyncSqlite.connect(dev.asyncsqlite.ConnectOptions.builder(":memory:").engine("native").build())
                .join()) {
            return null;
        } catch (RuntimeException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            return cause.getMessage();
        }
    }

    private static String idle(Path root) throws Exception {
        List<Connection> connections = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            connections.add(AsyncSqlite.connect(root.resolve("idle-" + i + ".db")).join());
        }
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        Thread.sleep(500);
        long cpu0 = os.getProcessCpuTime();
        long wall0 = System.nanoTime();
        Thread.sleep(2_000);
        long cpu = os.getProcessCpuTime() - cpu0;
        long wall = System.nanoTime() - wall0;
        connections.forEach(Connection::close);
        return String.format(Locale.ROOT, "Idle: 100 open idle connections used %.2f%% of one core over %.1f s "
                + "(whole process, JIT and GC included).%n", 100.0 * cpu / wall, wall / 1e9);
    }

    private static String cpu() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            return lines.filter(l -> l.startsWith("model name")).findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim())
                    .orElse("unknown CPU");
        } catch (IOException e) {
            return "unknown CPU";
        }
    }

    private static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
