package dev.asyncsqlite.dqlite;

import dev.asyncsqlite.internal.engine.Engine;
import dev.asyncsqlite.internal.engine.NativeConnection;
import dev.asyncsqlite.internal.engine.OpenSpec;

/**
 * The {@code dqlite} engine: a connection is a database connection on the leader of a dqlite
 * cluster, reached over dqlite's wire protocol. Chosen with
 * {@code ConnectOptions.builder("dqlite://host:port,host:port/name").engine("dqlite")}.
 */
public final class DqliteEngine implements Engine {
    /** The engine's name. */
    public static final String NAME = "dqlite";

    /** Found through {@link java.util.ServiceLoader}. */
    public DqliteEngine() {
    }

    @Override
    public String name() {
        return NAME;
    }

    /** A dqlite connection waits on its socket: its worker is a virtual thread on JDK 21+. */
    @Override
    public boolean waitsOnNetwork() {
        return true;
    }

    @Override
    public NativeConnection open(OpenSpec spec) {
        return DqliteConnection.open(DqliteAddress.parse(spec.database()), spec);
    }
}
