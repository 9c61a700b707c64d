package dev.asyncsqlite.internal.engine;

/** An open {@code sqlite3_blob}, confined to its connection's worker thread. */
public interface NativeBlob {
    /**
     * {@code sqlite3_blob_bytes}.
     *
     * @return the size in bytes
     */
    int length();

    /**
     * {@code sqlite3_blob_read}.
     *
     * @param offset where to start
     * @param length how many bytes
     * @return the bytes
     */
    byte[] read(int offset, int length);

    /**
     * {@code sqlite3_blob_write}.
     *
     * @param offset where to start
     * @param data the bytes
     */
    void write(int offset, byte[] data);

    /** {@code sqlite3_blob_close}. Idempotent. */
    void close();
}
