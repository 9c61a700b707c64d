package dev.asyncsqlite.bench;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The wrapper a user would write first: a single-thread executor around the JDBC calls and
 * {@code supplyAsync(...).join()} per operation. Contender (b).
 */
final class Naive implements AutoCloseable {
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "naive-wrapper");
        t.setDaemon(true);
        return t;
    });

    <T> CompletableFuture<T> submit(Callable<T> call) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return call.call();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, executor);
    }

    <T> T join(Callable<T> call) {
        return submit(call).join();
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
