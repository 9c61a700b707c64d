package dev.asyncsqlite.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Background load for the loaded measurements: a child process whose threads keep every core
 * busy, as other services on a shared server do. The runner switches it on and off between
 * measurements, so quiet and loaded figures come from the same run.
 *
 * <p>As a program ({@code main}): {@code threads} busy threads, idle until a line {@code on} comes
 * on standard input, idle again after {@code off}; it answers each line with {@code ok} once the
 * threads follow it, and exits at the end of its input (so it cannot outlive the runner).
 */
final class BusyLoad implements AutoCloseable {
    private final Process process;
    private final Writer commands;
    private final BufferedReader answers;
    private final int threads;

    private BusyLoad(Process process, int threads) {
        this.process = process;
        this.threads = threads;
        this.commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        this.answers = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /**
     * Starts the child process, idle.
     *
     * @param threads how many busy threads it runs when on
     * @return the load, off
     * @throws IOException if the child cannot start
     */
    static BusyLoad start(int threads) throws IOException {
        String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // The class has no dependencies: its own class directory (or jar) is the whole class path,
        // which also holds under exec:java, whose java.class.path is Maven's.
        String classPath;
        try {
            classPath = Path.of(BusyLoad.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (java.net.URISyntaxException e) {
            throw new IOException("cannot locate the benchmark classes", e);
        }
        Process p = new ProcessBuilder(java, "-Xmx64m", "-XX:+UseSerialGC", "-cp", classPath, BusyLoad.class.getName(),
                Integer.toString(threads)).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BusyLoad load = new BusyLoad(p, threads);
        Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly));
        load.send("off");
        return load;
    }

    int threads() {
        return threads;
    }

    void on() throws IOException {
        send("on");
    }

    void off() throws IOException {
        send("off");
    }

    private void send(String command) throws IOException {
        commands.write(command + "\n");
        commands.flush();
        String answer = answers.readLine();
        if (!"ok".equals(answer)) {
            throw new IOException("the load process answered " + answer + " to " + command);
        }
    }

    @Override
    public void close() throws IOException {
        commands.close();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    // ---- the child process -----------------------------------------------------------------

    private static final Object SWITCH = new Object();
    private static volatile boolean running;
    private static volatile long sink;

    /**
     * The child process.
     *
     * @param args the number of busy threads
     * @throws IOException if standard input fails
     */
    public static void main(String[] args) throws IOException {
        int threads = Integer.parseInt(args[0]);
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(BusyLoad::burn, "busy-" + i);
            t.setDaemon(true);
            t.start();
        }
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null; ) {
            synchronized (SWITCH) {
                running = line.trim().equals("on");
                SWITCH.notifyAll();
            }
            System.out.println("ok");
            System.out.flush();
        }
    }

    private static void burn() {
        long x = Thread.currentThread().getId();
        while (true) {
            if (!running) {
                synchronized (SWITCH) {
                    while (!running) {
                        try {
                            SWITCH.wait();
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                }
            }
            // Integer work with no memory traffic: the load competes for cores, not for caches.
            for (int i = 0; i < 100_000; i++) {
                x ^= x << 13;
                x ^= x >>> 7;
                x ^= x << 17;
            }
            sink = x;
        }
    }
}
