package dev.asyncsqlite.internal.session;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Something read a chunk per hop: a cursor's rows, a dump's lines.
 *
 * @param <T> the element type
 */
interface ChunkSource<T> {
    /** Up to {@code max} further elements; fewer only when the source is exhausted. */
    CompletableFuture<List<T>> fetchMany(int max);

    /** Stops reading and releases what the source holds. */
    CompletableFuture<Void> closeAsync();

    /** The error a read would fail with at once, or {@code null} while the source is usable. */
    RuntimeException unusable();
}
