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
 * --loaded           measure every contender twice in each run: quiet, and again while a child
 *                    process keeps 2 x cores threads busy (--load-threads n to change that)
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
        List<String> selected = List.of("W1", "W2", "W3", "W4", "W5", "W6", "W7", "W8", "W9", "HOP", "LIVE", "IDLE");
        Path out = null;
        String dqliteNodes = null;
        boolean loaded = false;
        int loadThreads = 2 * Runtime.getRuntime().availableProcessors();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--scale" -> scale = Double.parseDouble(args[++i]);
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--workloads" -> selected = Arrays.asList(args[++i].toUpperCase(Locale.ROOT).split(","));
                case "--out" -> out = Path.of(args[++i]);
                case "--dqlite" -> dqliteNodes = args[++i];
                case "--loaded" -> loaded = true;
                case "--load-threads" -> loadThreads = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        Path root = Files.createTempDirectory("asyncsqlite-bench");
        int status;
        try (BusyLoad load = loaded ? BusyLoad.start(loadThreads) : null) {
            status = run(scale, runs, selected, root, out, dqliteNodes, load);
        } finally {
            delete(root);
        }
        // Only now: System.exit skips finally blocks, and the databases would stay behind.
        System.exit(status);
    }

    private static int run(double scale, int runs, List<String> selected, Path root, Path out, String dqliteNodes,
                           BusyLoad load) throws Exception {
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
        all.put("W9 100k point SELECTs from 16 threads, each joining per op on its own connection", workloads.w9());
        all.put("HOP 100k `SELECT ?`, awaited one by one", workloads.hop());
        all.put("LIVE 10k committed single-row INSERTs on a Pool while watches of the table re-run", LiveQueryWorkload.contenders(scale));

        // Idle cost first, before the workloads leave the JIT and the collector busy.
        String idle = selected.contains("IDLE") ? idle(root) : "";
        StringBuilder table = new StringBuilder();
        table.append(String.format(Locale.ROOT, "scale %.3g, %d runs, medians; JDK %s, %d cores, %s%n%n", scale, runs,
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(), cpu()));
        table.append(nativeProblem == null ? "" : "The native engine is not among the contenders: " + nativeProblem + "\n\n");
        String cProblem = CReference.unavailable();
        table.append(cProblem == null ? "" : "The C reference is not among the contenders: " + cProblem + "\n\n");
        if (load == null) {
            table.append("| workload | contender | ops/s | µs/op | ratio to reference |\n|---|---|---:|---:|---:|\n");
        } else {
            table.append(String.format(Locale.ROOT, "Each contender is measured quiet, then at once again while %d busy threads "
                    + "of a child process compete for the cores (loaded); ratios are to the reference under the same "
                    + "condition.%n%n", load.threads()));
            table.append("| workload | contender | quiet ops/s | quiet µs/op | quiet ratio | loaded ops/s | loaded µs/op "
                    + "| loaded ratio |\n|---|---|---:|---:|---:|---:|---:|---:|\n");
        }
        boolean agreed = true;
        for (Map.Entry<String, Map<String, Contender>> workload : all.entrySet()) {
            String id = workload.getKey().substring(0, workload.getKey().indexOf(' '));
            if (!selected.contains(id)) {
                continue;
            }
            Map<String, List<Measurement>> quiet = new LinkedHashMap<>();
            Map<String, List<Measurement>> loaded = new LinkedHashMap<>();
            for (int r = 0; r < runs; r++) {
                // Contenders take turns, so drift on a noisy machine spreads over all of them; each
                // one is measured loaded right after quiet, so both see the same machine.
                for (Map.Entry<String, Contender> contender : workload.getValue().entrySet()) {
                    measure(root, id, contender, quiet);
                    if (load != null) {
                        load.on();
                        try {
                            measure(root, id, contender, loaded);
                        } finally {
                            load.off();
                        }
                    }
                }
            }
            agreed &= report(workload.getKey(), quiet, load == null ? null : loaded, table);
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

    private static void measure(Path root, String id, Map.Entry<String, Contender> contender,
                                Map<String, List<Measurement>> results) throws Exception {
        Path dir = Files.createDirectories(root.resolve(id + "-" + results.size() + "-" + System.nanoTime()));
        // Each contender starts on a collected heap: otherwise the garbage of the one before is
        // collected during its run and charged to it (under load, where the collector waits for
        // cores, that made whichever contender came after the naive executor twice as slow).
        System.gc();
        Measurement m = contender.getValue().run(dir);
        delete(dir);
        if (m != null) {
            results.computeIfAbsent(contender.getKey(), k -> new ArrayList<>()).add(m);
        }
    }

    // One row per contender: its medians, quiet and (when measured) loaded, and their ratios to
    // the first contender's, the reference. False if any run produced another checksum.
    private static boolean report(String workload, Map<String, List<Measurement>> quiet,
                                  Map<String, List<Measurement>> loaded, StringBuilder table) {
        boolean agreed = agree(workload, quiet) & (loaded == null || agree(workload, loaded));
        Measurement quietReference = null;
        Measurement loadedReference = null;
        for (Map.Entry<String, List<Measurement>> e : quiet.entrySet()) {
            Measurement q = median(e.getValue());
            quietReference = quietReference == null ? q : quietReference;
            String note = q.note().isEmpty() ? "" : " (" + q.note() + ")";
            table.append(String.format(Locale.ROOT, "| %s | %s%s | %s", workload, e.getKey(), note, cells(q, quietReference)));
            if (loaded != null) {
                List<Measurement> runs = loaded.get(e.getKey());
                if (runs == null) {
                    table.append(" | — | — | —");
                } else {
                    Measurement l = median(runs);
                    loadedReference = loadedReference == null ? l : loadedReference;
                    table.append(" | ").append(cells(l, loadedReference));
                    if (!l.note().isEmpty()) {
                        table.append(" (").append(l.note()).append(')');
                    }
                }
            }
            table.append(" |\n");
        }
        return agreed;
    }

    private static String cells(Measurement m, Measurement reference) {
        return String.format(Locale.ROOT, "%,.0f | %.2f | %.2f", m.opsPerSecond(), 1e6 / m.opsPerSecond(),
                m.opsPerSecond() / reference.opsPerSecond());
    }

    private static Measurement median(List<Measurement> runs) {
        List<Measurement> sorted = new ArrayList<>(runs);
        sorted.sort(Comparator.comparingDouble(Measurement::opsPerSecond));
        return sorted.get(sorted.size() / 2);
    }

    private static boolean agree(String workload, Map<String, List<Measurement>> results) {
        Checksum expected = null;
        boolean agreed = true;
        for (Map.Entry<String, List<Measurement>> e : results.entrySet()) {
            for (Measurement m : e.getValue()) {
                if (expected == null) {
                    expected = m.checksum();
                } else if (!expected.equals(m.checksum())) {
                    agreed = false;
                    System.out.println("MISMATCH in " + workload + ": " + e.getKey() + " produced " + m.checksum()
                            + ", expected " + expected);
                }
            }
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
