package dev.asyncsqlite.reliability;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM running a main class of these tests on the same class path, whose standard output
 * is read line by line with bounded waits. Always {@link #close()}d, which kills it.
 */
final class ChildJvm implements AutoCloseable {
    private static final String EOF = "\u0000eof";

    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final Writer stdin;

    private ChildJvm(Process process) {
        this.process = process;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // the child was killed
            } finally {
                lines.add(EOF);
            }
        }, "child-output-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts a child. Its scratch files (sqlite-jdbc's extracted native library, which a killed
     * child cannot clean up, and its standard error) go to {@code scratch}, a test's temporary
     * directory, so nothing is left behind.
     */
    static ChildJvm start(Path scratch, Class<?> main, List<String> jvmOptions, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Dorg.sqlite.tmpdir=" + scratch);
        command.add("-Djava.io.tmpdir=" + scratch);
        // A child runs on the engine its parent runs on.
        String engine = System.getProperty("asyncsqlite.engine");
        if (engine != null) {
            command.add("-Dasyncsqlite.engine=" + engine);
            if (engine.equals("native")) {
                command.add("--enable-native-access=ALL-UNNAMED");
            }
        }
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        command.addAll(List.of(args));
        Path errors = Files.createTempFile(scratch, "child-stderr", ".log");
        Process process = new ProcessBuilder(command).redirectError(errors.toFile()).start();
        return new ChildJvm(process);
    }

    /** The next line, or {@code null} at the end of output or after {@code seconds}. */
    String nextLine(long seconds) throws InterruptedException {
        String line = lines.poll(seconds, TimeUnit.SECONDS);
        if (line == null || line.equals(EOF)) {
            if (line != null) {
                lines.add(EOF);
            }
            return null;
        }
        return line;
    }

    void send(String line) throws IOException {
        stdin.write(line + "\n");
        stdin.flush();
    }

    /** Waits for the child to exit by itself. */
    boolean exited(long seconds) throws InterruptedException {
        return process.waitFor(seconds, TimeUnit.SECONDS);
    }

    int exitCode() {
        return process.exitValue();
    }

    /** SIGKILL, and wait for it to be gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
