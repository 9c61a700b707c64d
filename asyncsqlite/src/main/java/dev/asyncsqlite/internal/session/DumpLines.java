package dev.asyncsqlite.internal.session;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** The lines of a dump as a {@link ChunkSource}; its state lives on the worker. */
final class DumpLines implements ChunkSource<String> {
    private final ConnectionImpl connection;
    // Worker thread only.
    private DumpSource source;

    DumpLines(ConnectionImpl connection) {
        this.connection = connection;
    }

    @Override
    public CompletableFuture<List<String>> fetchMany(int max) {
        return connection.dispatch(() -> {
            if (source == null) {
                source = new DumpSource(connection.session);
            }
            return source.next(max);
        });
    }

    @Override
    public CompletableFuture<Void> closeAsync() {
        return connection.dispatch(() -> {
            if (source != null) {
                source.close();
            }
            return null;
        });
    }

    @Override
    public RuntimeException unusable() {
        return connection.unusable();
    }
}
