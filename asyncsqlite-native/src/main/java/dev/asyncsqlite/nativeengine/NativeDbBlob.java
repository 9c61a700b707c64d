package dev.asyncsqlite.nativeengine;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import dev.asyncsqlite.SqliteException;
import dev.asyncsqlite.internal.engine.NativeBlob;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/** A {@code sqlite3_blob*}. */
final class NativeDbBlob implements NativeBlob {
    private final NativeDbConnection connection;
    private MemorySegment blob;

    NativeDbBlob(NativeDbConnection connection, MemorySegment blob) {
        this.connection = connection;
        this.blob = blob;
    }

    @Override
    public int length() {
        try {
            return (int) Sqlite3.Api.BLOB_BYTES.invokeExact(blob);
        } catch (Throwable t) {
            throw NativeDbConnection.unexpected(t);
        }
    }

    @Override
    public byte[] read(int offset, int length) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = arena.allocate(Math.max(1, length));
            int rc = (int) Sqlite3.Api.BLOB_READ.invokeExact(blob, buffer, length, offset);
            if (rc != Sqlite3.OK) {
                throw connection.error(rc, null);
            }
            return buffer.asSlice(0, length).toArray(JAVA_BYTE);
        } catch (SqliteException e) {
            throw e;
        } catch (Throwable t) {
            throw NativeDbConnection.unexpected(t);
        }
    }

    @Override
    public void write(int offset, byte[] data) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = data.length == 0 ? arena.allocate(1) : arena.allocateFrom(JAVA_BYTE, data);
            int rc = (int) Sqlite3.Api.BLOB_WRITE.invokeExact(blob, buffer, data.length, offset);
            if (rc != Sqlite3.OK) {
                throw connection.error(rc, null);
            }
        } catch (SqliteException e) {
            throw e;
        } catch (Throwable t) {
            throw NativeDbConnection.unexpected(t);
        }
    }

    @Override
    public void close() {
        if (blob != null) {
            MemorySegment b = blob;
            blob = null;
            try {
                int ignored = (int) Sqlite3.Api.BLOB_CLOSE.invokeExact(b);
            } catch (Throwable t) {
                throw NativeDbConnection.unexpected(t);
            }
        }
    }
}
