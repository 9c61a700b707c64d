package dev.asyncsqlite.internal.session;

import dev.asyncsqlite.Blob;
import dev.asyncsqlite.internal.engine.NativeBlob;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * A BLOB handle: reads and writes go to the worker in order. The position is advanced when an
 * operation is submitted, so consecutive reads or writes cover consecutive ranges.
 */
final class BlobImpl implements Blob {
    private final ConnectionImpl connection;
    // Worker thread only.
    private final NativeBlob blob;
    private final int length;
    // Guarded by this.
    private long position;
    private boolean closed;

    BlobImpl(ConnectionImpl connection, NativeBlob blob) {
        this.connection = connection;
        this.blob = blob;
        this.length = blob.length();
    }

    @Override
    public int length() {
        return length;
    }

    @Override
    public synchronized long position() {
        return position;
    }

    @Override
    public synchronized void seek(long offset) {
        if (offset < 0 || offset > length) {
            throw new IllegalArgumentException("offset must be between 0 and " + length + ": " + offset);
        }
        position = offset;
    }

    @Override
    public CompletableFuture<byte[]> read(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("length must not be negative: " + count);
        }
        int offset;
        int n;
        synchronized (this) {
            if (closed) {
                return connection.worker.failed(new IllegalStateException("the blob is closed"));
            }
            offset = (int) position;
            n = (int) Math.min(count, length - position);
            position += n;
        }
        return connection.dispatch(() -> n == 0 ? new byte[0] : blob.read(offset, n));
    }

    @Override
    public CompletableFuture<Void> write(byte[] data) {
        Objects.requireNonNull(data, "data must not be null");
        byte[] copy = data.clone();
        int offset;
        synchronized (this) {
            if (closed) {
                return connection.worker.failed(new IllegalStateException("the blob is closed"));
            }
            if (position + copy.length > length) {
                return connection.worker.failed(new IllegalArgumentException("writing " + copy.length + " bytes at "
                        + position + " would pass the end of the blob (" + length + " bytes); blobs do not grow"));
            }
            offset = (int) position;
            position += copy.length;
        }
        return connection.dispatch(() -> {
            blob.write(offset, copy);
            return null;
        });
    }

    @Override
    public CompletableFuture<Void> closeAsync() {
        synchronized (this) {
            if (closed) {
                return connection.worker.completed(null);
            }
            closed = true;
        }
        if (connection.isClosed()) {
            return connection.worker.completed(null);
        }
        return connection.dispatch(() -> {
            connection.session.closeBlob(blob);
            return null;
        });
    }

    @Override
    public void close() {
        closeAsync();
    }
}
