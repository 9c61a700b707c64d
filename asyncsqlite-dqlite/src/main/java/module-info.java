/**
 * The dqlite engine of asyncsqlite: the same asynchronous API on a database of a dqlite cluster
 * (Raft-replicated SQLite), over dqlite's wire protocol. Chosen with
 * {@code ConnectOptions.builder("dqlite://host:port,host:port/name").engine("dqlite")}.
 */
module dev.asyncsqlite.dqlite {
    requires dev.asyncsqlite;

    provides dev.asyncsqlite.internal.engine.Engine with dev.asyncsqlite.dqlite.DqliteEngine;
}
