package dev.asyncsqlite.nativeengine;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.asyncsqlite.NotSupportedException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;

/**
 * The SQLite C API, bound once per JVM to one shared library. Every handle is a
 * {@code static final} {@link MethodHandle} so the JIT can inline the call; which library is
 * bound is decided by the first connection ({@link #load(String)}), and a later connection asking
 * for another one gets a clear error.
 *
 * <p>Every method throws what the C function returns; callers check result codes.
 */
final class Sqlite3 {
    static final int OK = 0;
    static final int ROW = 100;
    static final int DONE = 101;
    static final int BUSY = 5;
    static final int LOCKED = 6;
    static final int MIN_VERSION = 3_035_000;
    static final MemorySegment TRANSIENT = MemorySegment.ofAddress(-1L);

    private static volatile String requested;
    private static volatile boolean bound;

    private Sqlite3() {
    }

    /**
     * Binds the library on first use and checks its version.
     *
     * @param library a path or library name, or {@code null} for the system's
     * @throws NotSupportedException if native access is off, the library cannot be loaded or is
     *     too old, or another library is bound already
     */
    static synchronized void load(String library) {
        String wanted = library != null ? library : defaultLibrary();
        if (bound) {
            if (!wanted.equals(requested)) {
                throw new NotSupportedException("the native engine is bound to " + requested + " in this JVM; it cannot also load "
                        + wanted);
            }
            return;
        }
        Module module = Sqlite3.class.getModule();
        if (!module.isNativeAccessEnabled()) {
            throw new NotSupportedException("the native engine needs native access: run java with --enable-native-access="
                    + (module.isNamed() ? module.getName() : "ALL-UNNAMED"));
        }
        requested = wanted;
        try {
            int version = (int) Api.LIBVERSION_NUMBER.invokeExact();
            if (version < MIN_VERSION) {
                throw new NotSupportedException("the SQLite library " + wanted + " is version " + version
                        + "; the native engine needs 3.35.0 or newer (RETURNING, sqlite3_changes64)");
            }
        } catch (NotSupportedException e) {
            throw e;
        } catch (Throwable e) {
            throw new NotSupportedException("cannot load the SQLite library " + wanted + ": " + rootMessage(e));
        }
        bound = true;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.toString();
    }

    static String defaultLibrary() {
        String os = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT);
        if (os.contains("win")) {
            return "winsqlite3.dll";
        }
        if (os.contains("mac")) {
            return "libsqlite3.dylib";
        }
        return "libsqlite3.so.0";
    }

    static String version() {
        try {
            return string((MemorySegment) Api.LIBVERSION.invokeExact());
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** A NUL-terminated C string, or {@code null}. */
    static String string(MemorySegment p) {
        return p.equals(MemorySegment.NULL) ? null : p.reinterpret(Integer.MAX_VALUE).getString(0);
    }

    /** {@code n} bytes of UTF-8 text at {@code p}. */
    static String utf8(MemorySegment p, int n) {
        if (n == 0 || p.equals(MemorySegment.NULL)) {
            return "";
        }
        return new String(p.reinterpret(n).toArray(JAVA_BYTE), StandardCharsets.UTF_8);
    }

    /**
     * {@code n} bytes of UTF-8 text at {@code p}, copied through {@code scratch} when they fit, so
     * the only allocation is the string itself.
     */
    static String utf8(MemorySegment p, int n, byte[] scratch) {
        if (n > scratch.length) {
            return utf8(p, n);
        }
        if (n == 0 || p.equals(MemorySegment.NULL)) {
            return "";
        }
        MemorySegment.copy(p.reinterpret(n), JAVA_BYTE, 0, scratch, 0, n);
        return new String(scratch, 0, n, StandardCharsets.UTF_8);
    }

    static byte[] bytes(MemorySegment p, int n) {
        if (n == 0 || p.equals(MemorySegment.NULL)) {
            return new byte[0];
        }
        return p.reinterpret(n).toArray(JAVA_BYTE);
    }

    /** The C functions, resolved when first used (after {@link #load}). */
    static final class Api {
        private static final Linker LINKER = Linker.nativeLinker();
        private static final SymbolLookup LIB = SymbolLookup.libraryLookup(requested, Arena.global());

        private static MethodHandle fn(String name, FunctionDescriptor descriptor, Linker.Option... options) {
            return LINKER.downcallHandle(LIB.find(name).orElseThrow(
                    () -> new NotSupportedException("the SQLite library " + requested + " has no " + name)), descriptor, options);
        }

        // Short calls that never call back into Java: no thread-state transition around them.
        private static final Linker.Option CRITICAL = Linker.Option.critical(false);

        private static FunctionDescriptor f(java.lang.foreign.MemoryLayout result, java.lang.foreign.MemoryLayout... args) {
            return FunctionDescriptor.of(result, args);
        }

        private static FunctionDescriptor v(java.lang.foreign.MemoryLayout... args) {
            return FunctionDescriptor.ofVoid(args);
        }

        static final MethodHandle LIBVERSION_NUMBER = fn("sqlite3_libversion_number", f(JAVA_INT));
        static final MethodHandle LIBVERSION = fn("sqlite3_libversion", f(ADDRESS));
        static final MethodHandle OPEN_V2 = fn("sqlite3_open_v2", f(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, ADDRESS));
        static final MethodHandle CLOSE_V2 = fn("sqlite3_close_v2", f(JAVA_INT, ADDRESS));
        static final MethodHandle EXTENDED_RESULT_CODES = fn("sqlite3_extended_result_codes", f(JAVA_INT, ADDRESS, JAVA_INT));
        static final MethodHandle BUSY_TIMEOUT = fn("sqlite3_busy_timeout", f(JAVA_INT, ADDRESS, JAVA_INT));
        static final MethodHandle ERRMSG = fn("sqlite3_errmsg", f(ADDRESS, ADDRESS));
        static final MethodHandle EXTENDED_ERRCODE = fn("sqlite3_extended_errcode", f(JAVA_INT, ADDRESS));
        static final MethodHandle ERRSTR = fn("sqlite3_errstr", f(ADDRESS, JAVA_INT));
        static final MethodHandle PREPARE_V2 = fn("sqlite3_prepare_v2", f(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, ADDRESS));
        static final MethodHandle FINALIZE = fn("sqlite3_finalize", f(JAVA_INT, ADDRESS));
        static final MethodHandle RESET = fn("sqlite3_reset", f(JAVA_INT, ADDRESS));
        static final MethodHandle STEP = fn("sqlite3_step", f(JAVA_INT, ADDRESS));
        static final MethodHandle BIND_NULL = fn("sqlite3_bind_null", f(JAVA_INT, ADDRESS, JAVA_INT), CRITICAL);
        static final MethodHandle BIND_INT64 = fn("sqlite3_bind_int64", f(JAVA_INT, ADDRESS, JAVA_INT, JAVA_LONG), CRITICAL);
        static final MethodHandle BIND_DOUBLE = fn("sqlite3_bind_double", f(JAVA_INT, ADDRESS, JAVA_INT, JAVA_DOUBLE), CRITICAL);
        static final MethodHandle BIND_TEXT = fn("sqlite3_bind_text", f(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS));
        static final MethodHandle BIND_BLOB = fn("sqlite3_bind_blob", f(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS));
        static final MethodHandle COLUMN_COUNT = fn("sqlite3_column_count", f(JAVA_INT, ADDRESS), CRITICAL);
        static final MethodHandle COLUMN_TYPE = fn("sqlite3_column_type", f(JAVA_INT, ADDRESS, JAVA_INT), CRITICAL);
        static final MethodHandle COLUMN_INT64 = fn("sqlite3_column_int64", f(JAVA_LONG, ADDRESS, JAVA_INT), CRITICAL);
        static final MethodHandle COLUMN_DOUBLE = fn("sqlite3_column_double", f(JAVA_DOUBLE, ADDRESS, JAVA_INT), CRITICAL);
        static final MethodHandle COLUMN_TEXT = fn("sqlite3_column_text", f(ADDRESS, ADDRESS, JAVA_INT), CRITICAL);
        static final MethodHandle COLUMN_BLOB = fn("sqlite3_column_blob", f(ADDRESS, ADDRESS, JAVA_INT), CRITICAL);
        static final MethodHandle COLUMN_BYTES = fn("sqlite3_column_bytes", f(JAVA_INT, ADDRESS, JAVA_INT), CRITICAL);
        static final MethodHandle COLUMN_NAME = fn("sqlite3_column_name", f(ADDRESS, ADDRESS, JAVA_INT));
        static final MethodHandle COLUMN_DECLTYPE = fn("sqlite3_column_decltype", f(ADDRESS, ADDRESS, JAVA_INT));
        static final MethodHandle EXEC = fn("sqlite3_exec", f(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
        static final MethodHandle CHANGES64 = fn("sqlite3_changes64", f(JAVA_LONG, ADDRESS));
        static final MethodHandle TOTAL_CHANGES64 = fn("sqlite3_total_changes64", f(JAVA_LONG, ADDRESS));
        static final MethodHandle LAST_INSERT_ROWID = fn("sqlite3_last_insert_rowid", f(JAVA_LONG, ADDRESS));
        static final MethodHandle GET_AUTOCOMMIT = fn("sqlite3_get_autocommit", f(JAVA_INT, ADDRESS));
        static final MethodHandle INTERRUPT = fn("sqlite3_interrupt", v(ADDRESS));
        static final MethodHandle LIMIT = fn("sqlite3_limit", f(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
        static final MethodHandle ENABLE_LOAD_EXTENSION = fn("sqlite3_enable_load_extension", f(JAVA_INT, ADDRESS, JAVA_INT));
        static final MethodHandle DB_CONFIG_INT = fn("sqlite3_db_config", f(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS),
                Linker.Option.firstVariadicArg(2));
        static final MethodHandle CREATE_FUNCTION_V2 = fn("sqlite3_create_function_v2",
                f(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
        static final MethodHandle CREATE_WINDOW_FUNCTION = fn("sqlite3_create_window_function",
                f(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
        static final MethodHandle USER_DATA = fn("sqlite3_user_data", f(ADDRESS, ADDRESS));
        static final MethodHandle AGGREGATE_CONTEXT = fn("sqlite3_aggregate_context", f(ADDRESS, ADDRESS, JAVA_INT));
        static final MethodHandle VALUE_TYPE = fn("sqlite3_value_type", f(JAVA_INT, ADDRESS));
        static final MethodHandle VALUE_INT64 = fn("sqlite3_value_int64", f(JAVA_LONG, ADDRESS));
        static final MethodHandle VALUE_DOUBLE = fn("sqlite3_value_double", f(JAVA_DOUBLE, ADDRESS));
        static final MethodHandle VALUE_TEXT = fn("sqlite3_value_text", f(ADDRESS, ADDRESS));
        static final MethodHandle VALUE_BLOB = fn("sqlite3_value_blob", f(ADDRESS, ADDRESS));
        static final MethodHandle VALUE_BYTES = fn("sqlite3_value_bytes", f(JAVA_INT, ADDRESS));
        static final MethodHandle RESULT_NULL = fn("sqlite3_result_null", v(ADDRESS));
        static final MethodHandle RESULT_INT64 = fn("sqlite3_result_int64", v(ADDRESS, JAVA_LONG));
        static final MethodHandle RESULT_DOUBLE = fn("sqlite3_result_double", v(ADDRESS, JAVA_DOUBLE));
        static final MethodHandle RESULT_TEXT = fn("sqlite3_result_text", v(ADDRESS, ADDRESS, JAVA_INT, ADDRESS));
        static final MethodHandle RESULT_BLOB = fn("sqlite3_result_blob", v(ADDRESS, ADDRESS, JAVA_INT, ADDRESS));
        static final MethodHandle RESULT_ERROR = fn("sqlite3_result_error", v(ADDRESS, ADDRESS, JAVA_INT));
        static final MethodHandle CREATE_COLLATION_V2 = fn("sqlite3_create_collation_v2",
                f(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, ADDRESS, ADDRESS));
        static final MethodHandle PROGRESS_HANDLER = fn("sqlite3_progress_handler", v(ADDRESS, JAVA_INT, ADDRESS, ADDRESS));
        static final MethodHandle UPDATE_HOOK = fn("sqlite3_update_hook", f(ADDRESS, ADDRESS, ADDRESS, ADDRESS));
        static final MethodHandle COMMIT_HOOK = fn("sqlite3_commit_hook", f(ADDRESS, ADDRESS, ADDRESS, ADDRESS));
        static final MethodHandle ROLLBACK_HOOK = fn("sqlite3_rollback_hook", f(ADDRESS, ADDRESS, ADDRESS, ADDRESS));
        static final MethodHandle SET_AUTHORIZER = fn("sqlite3_set_authorizer", f(JAVA_INT, ADDRESS, ADDRESS, ADDRESS));
        static final MethodHandle TRACE_V2 = fn("sqlite3_trace_v2", f(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, ADDRESS));
        static final MethodHandle SERIALIZE = fn("sqlite3_serialize", f(ADDRESS, ADDRESS, ADDRESS, ADDRESS, JAVA_INT));
        static final MethodHandle DESERIALIZE = fn("sqlite3_deserialize",
                f(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, JAVA_LONG, JAVA_INT));
        static final MethodHandle MALLOC64 = fn("sqlite3_malloc64", f(ADDRESS, JAVA_LONG));
        static final MethodHandle FREE = fn("sqlite3_free", v(ADDRESS));
        static final MethodHandle BACKUP_INIT = fn("sqlite3_backup_init", f(ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
        static final MethodHandle BACKUP_STEP = fn("sqlite3_backup_step", f(JAVA_INT, ADDRESS, JAVA_INT));
        static final MethodHandle BACKUP_FINISH = fn("sqlite3_backup_finish", f(JAVA_INT, ADDRESS));
        static final MethodHandle BACKUP_REMAINING = fn("sqlite3_backup_remaining", f(JAVA_INT, ADDRESS));
        static final MethodHandle BACKUP_PAGECOUNT = fn("sqlite3_backup_pagecount", f(JAVA_INT, ADDRESS));
        static final MethodHandle SLEEP = fn("sqlite3_sleep", f(JAVA_INT, JAVA_INT));
        static final MethodHandle BLOB_OPEN = fn("sqlite3_blob_open",
                f(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS));
        static final MethodHandle BLOB_CLOSE = fn("sqlite3_blob_close", f(JAVA_INT, ADDRESS));
        static final MethodHandle BLOB_BYTES = fn("sqlite3_blob_bytes", f(JAVA_INT, ADDRESS));
        static final MethodHandle BLOB_READ = fn("sqlite3_blob_read", f(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, JAVA_INT));
        static final MethodHandle BLOB_WRITE = fn("sqlite3_blob_write", f(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, JAVA_INT));

        private Api() {
        }
    }
}
