package dev.asyncsqlite.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The C program of {@code src/main/c/reference.c}: W3 and W4 in C against the system SQLite,
 * the physical limit. Compiled on first use with the machine's C compiler; absent when there is
 * none, or no SQLite headers.
 */
final class CReference {
    private static Path binary;
    private static String missing;

    private CReference() {
    }

    /** Why the reference cannot run, or {@code null} when it can. */
    static synchronized String unavailable() {
        if (binary == null && missing == null) {
            build();
        }
        return missing;
    }

    private static void build() {
        String source = System.getProperty("bench.c.source");
        String target = System.getProperty("bench.c.binary");
        if (source == null || target == null || !Files.exists(Path.of(source))) {
            missing = "no C source (run through the module's exec configuration)";
            return;
        }
        try {
            Process cc = new ProcessBuilder("cc", "-O2", "-o", target, source, "-lsqlite3").redirectErrorStream(true).start();
            String output = new String(cc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!cc.waitFor(120, TimeUnit.SECONDS) || cc.exitValue() != 0) {
                missing = "cannot build the C reference (needs cc and libsqlite3-dev): " + output.trim();
                return;
            }
            binary = Path.of(target);
        } catch (IOException e) {
            missing = "no C compiler: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            missing = "interrupted";
        }
    }

    /** Runs one workload ("W3" or "W4") over a database, with the W3 ids. */
    static Measurement run(String workload, Path db, long[] ids, Path dir) throws Exception {
        Path idsFile = dir.resolve("ids.bin");
        ByteBuffer buffer = ByteBuffer.allocate(ids.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (long id : ids) {
            buffer.putLong(id);
        }
        Files.write(idsFile, buffer.array());
        Process p = new ProcessBuilder(binary.toString(), db.toString(), idsFile.toString(), workload).redirectErrorStream(true)
                .start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("the C reference failed: " + output);
        }
        List<String> fields = List.of(output.split("\\s+"));
        long nanos = Long.parseLong(fields.get(1));
        long count = Long.parseLong(fields.get(2));
        long sum = Long.parseLong(fields.get(3));
        return new Measurement(count, nanos, new Checksum(count, sum));
    }
}
