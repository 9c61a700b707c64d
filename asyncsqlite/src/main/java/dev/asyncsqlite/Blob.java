package dev.asyncsqlite;

import java.util.concurrent.CompletableFuture;

/**
 * An open incremental BLOB handle ({@code sqlite3_blob}): the {@code Blob} of Python's
 * {@code sqlite3} ({@code blobopen}), asynchronous. It reads and writes at a position, like a
 * file; its size is fixed (use {@code zeroblob(n)} to make room first). Operations run on the
 * connection's worker in order. Only the native engine offers it; see
 * {@link Connection#blobOpen(String, String, long, boolean)}.
 */
public interface Blob extends AutoCloseable {
    /**
     * The size of the BLOB in bytes.
     *
     * @return the size
     */
    int length();

    /**
     * The current position.
     *
     * @return the offset of the next read or write
     */
    long position();

    /**
     * Moves the position.
     *
     * @param offset from 0 to {@link #length()}
     * @throws IllegalArgumentException if out of range
     */
    void seek(long offset);

    /**
     * Reads up to {@code length} bytes from the position and advances it.
     *
     * @param length the most bytes to read
     * @return a future of the bytes, fewer at the end of the BLOB
     */
    CompletableFuture<byte[]> read(int length);

    /**
     * Writes bytes at the position and advances it. Writing past the end fails.
     *
     * @param data the bytes
     * @return a future completed once written
     */
    CompletableFuture<Void> write(byte[] data);

    /**
     * Closes the handle. Idempotent.
     *
     * @return a future completed once closed
     */
    CompletableFuture<Void> closeAsync();

    /** Closes the handle without waiting. */
    @Override
    void close();
}
