package dev.asyncsqlite.nativeengine;

import dev.asyncsqlite.internal.engine.Engine;
import dev.asyncsqlite.internal.engine.NativeConnection;
import dev.asyncsqlite.internal.engine.OpenSpec;

/**
 * The engine over the system SQLite library through the Foreign Function &amp; Memory API: the
 * whole C surface, column values read straight from native memory. Registered with
 * {@link java.util.ServiceLoader} under the name {@code native}.
 */
public final class NativeEngine implements Engine {
    /** Creates the engine; {@link java.util.ServiceLoader} calls this. */
    public NativeEngine() {
    }

    @Override
    public String name() {
        return "native";
    }

    @Override
    public NativeConnection open(OpenSpec spec) {
        Sqlite3.load(spec.library());
        return NativeDbConnection.open(spec);
    }
}
