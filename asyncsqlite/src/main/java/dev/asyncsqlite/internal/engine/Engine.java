package dev.asyncsqlite.internal.engine;

import dev.asyncsqlite.internal.engine.xerial.XerialEngine;

/**
 * The one boundary to SQLite. An engine opens {@link NativeConnection}s; everything above it
 * speaks SQLite's own concepts (open, prepare, bind, step, column, reset, finalize, exec,
 * interrupt) and never a driver's API. Implementations throw only
 * {@link dev.asyncsqlite.SqliteException}s made by {@link SqliteErrors}.
 */
public interface Engine {

    /**
     * Opens a database. Called on the connection's worker thread, which then owns the result.
     *
     * @param spec what to open and how
     * @return the open connection
     * @throws dev.asyncsqlite.SqliteException if it cannot be opened
     */
    NativeConnection open(OpenSpec spec);

    /**
     * The engine used unless another is chosen: sqlite-jdbc's bundled SQLite.
     *
     * @return the default engine
     */
    static Engine defaultEngine() {
        return XerialEngine.INSTANCE;
    }
}
