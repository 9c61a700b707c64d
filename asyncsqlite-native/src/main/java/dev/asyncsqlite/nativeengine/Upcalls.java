package dev.asyncsqlite.nativeengine;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.asyncsqlite.Aggregate;
import dev.asyncsqlite.SqlFunction;
import dev.asyncsqlite.UpdateHook;
import dev.asyncsqlite.WindowAggregate;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The C callbacks SQLite calls back into Java: one upcall stub per kind for the whole JVM, made
 * once, each finding its Java object by the id SQLite hands back ({@code pApp}, the aggregate
 * context, or the hook argument). Objects are registered here and removed when SQLite calls the
 * destructor or the connection closes. No exception ever leaves a stub: one would crash the JVM.
 */
final class Upcalls {
    private static final AtomicLong IDS = new AtomicLong();
    private static final Map<Long, Object> OBJECTS = new ConcurrentHashMap<>();
    private static final int SQLITE_INSERT = 18;
    private static final int SQLITE_DELETE = 9;

    static final MemorySegment FUNC = stub("xFunc", FunctionDescriptor.ofVoid(ADDRESS, JAVA_INT, ADDRESS));
    static final MemorySegment STEP = stub("xStep", FunctionDescriptor.ofVoid(ADDRESS, JAVA_INT, ADDRESS));
    static final MemorySegment INVERSE = stub("xInverse", FunctionDescriptor.ofVoid(ADDRESS, JAVA_INT, ADDRESS));
    static final MemorySegment FINAL = stub("xFinal", FunctionDescriptor.ofVoid(ADDRESS));
    static final MemorySegment VALUE = stub("xValue", FunctionDescriptor.ofVoid(ADDRESS));
    static final MemorySegment DESTROY = stub("xDestroy", FunctionDescriptor.ofVoid(ADDRESS));
    static final MemorySegment COMPARE = stub("xCompare", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS));
    static final MemorySegment PROGRESS = stub("progress", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    static final MemorySegment UPDATE = stub("update", FunctionDescriptor.ofVoid(ADDRESS, JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG));
    static final MemorySegment COMMIT = stub("commit", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    static final MemorySegment ROLLBACK = stub("rollback", FunctionDescriptor.ofVoid(ADDRESS));
    static final MemorySegment AUTHORIZE = stub("authorize", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, ADDRESS,
            ADDRESS, ADDRESS));
    static final MemorySegment TRACE = stub("trace", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, ADDRESS));

    private Upcalls() {
    }

    private static MemorySegment stub(String name, FunctionDescriptor descriptor) {
        try {
            MethodType type = descriptor.toMethodType();
            return Linker.nativeLinker().upcallStub(MethodHandles.lookup().findStatic(Upcalls.class, name, type), descriptor,
                    Arena.global());
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    static long register(Object callback) {
        long id = IDS.incrementAndGet();
        OBJECTS.put(id, callback);
        return id;
    }

    static void unregister(long id) {
        OBJECTS.remove(id);
    }

    private static Object lookup(MemorySegment id) {
        return OBJECTS.get(id.address());
    }

    // ---- values and results ------------------------------------------------------------------

    private static Object[] arguments(int argc, MemorySegment argv) throws Throwable {
        Object[] args = new Object[argc];
        MemorySegment values = argv.reinterpret((long) argc * ADDRESS.byteSize());
        for (int i = 0; i < argc; i++) {
            MemorySegment v = values.getAtIndex(ADDRESS, i);
            switch ((int) Sqlite3.Api.VALUE_TYPE.invokeExact(v)) {
                case 1 -> args[i] = (long) Sqlite3.Api.VALUE_INT64.invokeExact(v);
                case 2 -> args[i] = (double) Sqlite3.Api.VALUE_DOUBLE.invokeExact(v);
                case 3 -> {
                    MemorySegment text = (MemorySegment) Sqlite3.Api.VALUE_TEXT.invokeExact(v);
                    args[i] = Sqlite3.utf8(text, (int) Sqlite3.Api.VALUE_BYTES.invokeExact(v));
                }
                case 4 -> {
                    MemorySegment blob = (MemorySegment) Sqlite3.Api.VALUE_BLOB.invokeExact(v);
                    args[i] = Sqlite3.bytes(blob, (int) Sqlite3.Api.VALUE_BYTES.invokeExact(v));
                }
                default -> args[i] = null;
            }
        }
        return args;
    }

    private static void result(MemorySegment ctx, Object value) throws Throwable {
        if (value == null) {
            Sqlite3.Api.RESULT_NULL.invokeExact(ctx);
        } else if (value instanceof Long l) {
            Sqlite3.Api.RESULT_INT64.invokeExact(ctx, (long) l);
        } else if (value instanceof Double d) {
            Sqlite3.Api.RESULT_DOUBLE.invokeExact(ctx, (double) d);
        } else if (value instanceof String s) {
            byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
            try (Arena arena = Arena.ofConfined()) {
                Sqlite3.Api.RESULT_TEXT.invokeExact(ctx, arena.allocateFrom(java.lang.foreign.ValueLayout.JAVA_BYTE, bytes),
                        bytes.length, Sqlite3.TRANSIENT);
            }
        } else if (value instanceof byte[] b) {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment data = b.length == 0 ? arena.allocate(1)
                        : arena.allocateFrom(java.lang.foreign.ValueLayout.JAVA_BYTE, b);
                Sqlite3.Api.RESULT_BLOB.invokeExact(ctx, data, b.length, Sqlite3.TRANSIENT);
            }
        } else {
            error(ctx, "a function returned an unsupported " + value.getClass().getName());
        }
    }

    private static void error(MemorySegment ctx, String message) {
        try (Arena arena = Arena.ofConfined()) {
            Sqlite3.Api.RESULT_ERROR.invokeExact(ctx, arena.allocateFrom(message), -1);
        } catch (Throwable ignored) {
            // nothing more can be reported from here
        }
    }

    private static String message(Throwable t) {
        String m = t.getMessage();
        return t.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }

    // ---- functions ---------------------------------------------------------------------------

    private static MemorySegment userData(MemorySegment ctx) throws Throwable {
        return (MemorySegment) Sqlite3.Api.USER_DATA.invokeExact(ctx);
    }

    // The id of this group's state, kept in SQLite's per-group aggregate context (zeroed at first).
    private static Object state(MemorySegment ctx, boolean create) throws Throwable {
        MemorySegment slot = ((MemorySegment) Sqlite3.Api.AGGREGATE_CONTEXT.invokeExact(ctx, create ? 8 : 0));
        if (slot.equals(MemorySegment.NULL)) {
            return null;
        }
        slot = slot.reinterpret(8);
        long id = slot.get(JAVA_LONG, 0);
        if (id == 0) {
            if (!create) {
                return null;
            }
            Object factory = lookup(userData(ctx));
            Object state = ((Supplier<?>) factory).get();
            id = register(state);
            slot.set(JAVA_LONG, 0, id);
            return state;
        }
        return OBJECTS.get(id);
    }

    private static void releaseState(MemorySegment ctx) throws Throwable {
        MemorySegment slot = ((MemorySegment) Sqlite3.Api.AGGREGATE_CONTEXT.invokeExact(ctx, 0));
        if (!slot.equals(MemorySegment.NULL)) {
            long id = slot.reinterpret(8).get(JAVA_LONG, 0);
            if (id != 0) {
                unregister(id);
            }
        }
    }

    static void xFunc(MemorySegment ctx, int argc, MemorySegment argv) {
        try {
            SqlFunction f = (SqlFunction) lookup(userData(ctx));
            result(ctx, f.apply(arguments(argc, argv)));
        } catch (Throwable t) {
            error(ctx, message(t));
        }
    }

    static void xStep(MemorySegment ctx, int argc, MemorySegment argv) {
        try {
            ((Aggregate) state(ctx, true)).step(arguments(argc, argv));
        } catch (Throwable t) {
            error(ctx, message(t));
        }
    }

    static void xInverse(MemorySegment ctx, int argc, MemorySegment argv) {
        try {
            ((WindowAggregate) state(ctx, true)).inverse(arguments(argc, argv));
        } catch (Throwable t) {
            error(ctx, message(t));
        }
    }

    // A group or frame that no row entered has no state: its value is NULL, as SQLite's own
    // aggregates give, and no state is made for it.
    static void xValue(MemorySegment ctx) {
        try {
            WindowAggregate state = (WindowAggregate) state(ctx, false);
            result(ctx, state == null ? null : state.value());
        } catch (Throwable t) {
            error(ctx, message(t));
        }
    }

    static void xFinal(MemorySegment ctx) {
        try {
            Aggregate state = (Aggregate) state(ctx, false);
            result(ctx, state == null ? null : state.finish());
        } catch (Throwable t) {
            error(ctx, message(t));
        } finally {
            try {
                releaseState(ctx);
            } catch (Throwable ignored) {
                // the state stays registered; it is small
            }
        }
    }

    static void xDestroy(MemorySegment pApp) {
        OBJECTS.remove(pApp.address());
    }

    // ---- collations and hooks ----------------------------------------------------------------

    @SuppressWarnings("unchecked")
    static int xCompare(MemorySegment pArg, int n1, MemorySegment p1, int n2, MemorySegment p2) {
        try {
            Comparator<String> comparator = (Comparator<String>) lookup(pArg);
            return Integer.signum(comparator.compare(Sqlite3.utf8(p1, n1), Sqlite3.utf8(p2, n2)));
        } catch (Throwable t) {
            return 0;
        }
    }

    private static NativeDbConnection connection(MemorySegment arg) {
        return (NativeDbConnection) lookup(arg);
    }

    static int progress(MemorySegment arg) {
        try {
            return connection(arg).onProgress() ? 1 : 0;
        } catch (Throwable t) {
            return 1;
        }
    }

    static void update(MemorySegment arg, int op, MemorySegment database, MemorySegment table, long rowId) {
        try {
            UpdateHook.Kind kind = op == SQLITE_INSERT ? UpdateHook.Kind.INSERT
                    : op == SQLITE_DELETE ? UpdateHook.Kind.DELETE : UpdateHook.Kind.UPDATE;
            connection(arg).onUpdate(kind, Sqlite3.string(database), Sqlite3.string(table), rowId);
        } catch (Throwable ignored) {
            // the session's hook wrapper records failures itself
        }
    }

    static int commit(MemorySegment arg) {
        try {
            connection(arg).onCommit();
        } catch (Throwable ignored) {
            // a notification: never veto the commit
        }
        return 0;
    }

    static void rollback(MemorySegment arg) {
        try {
            connection(arg).onRollback();
        } catch (Throwable ignored) {
            // a notification
        }
    }

    static int authorize(MemorySegment arg, int action, MemorySegment a1, MemorySegment a2, MemorySegment database,
                         MemorySegment trigger) {
        try {
            return connection(arg).onAuthorize(action, Sqlite3.string(a1), Sqlite3.string(a2), Sqlite3.string(database),
                    Sqlite3.string(trigger));
        } catch (Throwable t) {
            return 1;
        }
    }

    static int trace(int type, MemorySegment ctx, MemorySegment p, MemorySegment x) {
        try {
            connection(ctx).onTrace(Sqlite3.string(x));
        } catch (Throwable ignored) {
            // the session's trace wrapper records failures itself
        }
        return 0;
    }
}
