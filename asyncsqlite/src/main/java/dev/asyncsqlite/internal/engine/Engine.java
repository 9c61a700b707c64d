package dev.asyncsqlite.internal.engine;

import dev.asyncsqlite.internal.engine.xerial.XerialEngine;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * The one boundary to SQLite. An engine opens {@link NativeConnection}s; everything above it
 * speaks SQLite's own concepts (open, prepare, bind, step, column, reset, finalize, exec,
 * interrupt) and never a driver's API. Implementations throw only
 * {@link dev.asyncsqlite.SqliteException}s made by {@link SqliteErrors}.
 */
public interface Engine {

    /**
     * The engine's name, chosen with {@code ConnectOptions.Builder.engine(String)}.
     *
     * @return the name, such as {@code sqlite-jdbc} or {@code native}
     */
    String name();

    /**
     * Opens a database. Called on the connection's worker thread, which then owns the result.
     *
     * @param spec what to open and how
     * @return the open connection
     * @throws dev.asyncsqlite.SqliteException if it cannot be opened
     */
    NativeConnection open(OpenSpec spec);

    /**
     * Whether this engine's calls wait on the network rather than on the local disk: its
     * connections' workers then run on virtual threads where the JDK has them.
     *
     * @return true for a remote engine
     */
    default boolean waitsOnNetwork() {
        return false;
    }

    /**
     * The engine used unless another is chosen: sqlite-jdbc's bundled SQLite.
     *
     * @return the default engine
     */
    static Engine defaultEngine() {
        return XerialEngine.INSTANCE;
    }

    /**
     * Finds an engine by name: the built-in sqlite-jdbc engine, or one registered through
     * {@link ServiceLoader} by another asyncsqlite module (the native engine).
     *
     * @param name the engine's name
     * @return the engine
     * @throws dev.asyncsqlite.NotSupportedException if no engine has that name, listing those found
     */
    static Engine named(String name) {
        if (name.equals(XerialEngine.INSTANCE.name())) {
            return XerialEngine.INSTANCE;
        }
        List<String> found = new ArrayList<>();
        found.add(XerialEngine.INSTANCE.name());
        for (Engine engine : ServiceLoader.load(Engine.class, Engine.class.getClassLoader())) {
            if (engine.name().equals(name)) {
                return engine;
            }
            found.add(engine.name());
        }
        throw new dev.asyncsqlite.NotSupportedException("no asyncsqlite engine named '" + name + "'; available: " + found
                + (name.equals("native") ? " (the native engine is the asyncsqlite-native module, on JDK 22 or newer)" : ""));
    }
}
