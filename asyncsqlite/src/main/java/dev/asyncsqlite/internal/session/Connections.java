package dev.asyncsqlite.internal.session;

import dev.asyncsqlite.ConnectOptions;
import dev.asyncsqlite.Connection;
import dev.asyncsqlite.SqliteLimit;
import dev.asyncsqlite.internal.engine.Engine;
import dev.asyncsqlite.internal.engine.NativeConnection;
import dev.asyncsqlite.internal.engine.OpenSpec;
import dev.asyncsqlite.internal.engine.SqliteErrors;
import dev.asyncsqlite.internal.worker.Operation;
import dev.asyncsqlite.internal.worker.Worker;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/** Opens connections: a worker first, then SQLite on it. */
public final class Connections {
    private Connections() {
    }

    /**
     * Opens a connection on a new worker. If opening fails or the returned future is cancelled,
     * the worker ends and nothing is left open.
     *
     * @param options how to open
     * @return a future of the connection
     */
    public static CompletableFuture<Connection> open(ConnectOptions options) {
        Engine engine;
        try {
            engine = Engine.named(options.engine());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        Worker worker = engine.waitsOnNetwork()
                ? Worker.startForNetwork(options.completionExecutor(), () -> SqliteErrors.closed("connection"))
                : Worker.start(options.completionExecutor(), () -> SqliteErrors.closed("connection"));
        AtomicReference<Session> opened = new AtomicReference<>();
        Operation<Connection> op = worker.submit(() -> {
            OpenSpec spec = new OpenSpec(options.database(), options.uri(), options.readOnly(),
                    (int) options.busyTimeout().toMillis(), options.loadExtensions(), options.nativeLibrary());
            // A remote engine keeps no local file; a local one must not share its file with another.
            FileClaims.Claim claim = engine.waitsOnNetwork() ? null : FileClaims.claim(engine.name(), options.database(), options.uri());
            NativeConnection connection;
            try {
                connection = engine.open(spec);
            } catch (RuntimeException e) {
                if (claim != null) {
                    claim.release();
                }
                throw e;
            }
            Session session = new Session(connection, options);
            if (claim != null) {
                session.onClose(claim::release);
            }
            session.tracker().join(database(engine, options), task -> worker.submit(() -> {
                task.run();
                return null;
            }));
            opened.set(session);
            for (Map.Entry<String, String> pragma : options.pragmas().entrySet()) {
                session.exec("PRAGMA " + pragma.getKey() + " = " + pragma.getValue());
            }
            if (options.untrustedInput()) {
                session.limit(SqliteLimit.LENGTH.id(), ConnectOptions.UNTRUSTED_MAX_LENGTH);
                session.limit(SqliteLimit.SQL_LENGTH.id(), ConnectOptions.UNTRUSTED_MAX_SQL_LENGTH);
                session.limit(SqliteLimit.EXPR_DEPTH.id(), ConnectOptions.UNTRUSTED_MAX_EXPR_DEPTH);
                session.exec("PRAGMA trusted_schema = OFF");
            }
            worker.setInterrupter(session::interrupt);
            return new ConnectionImpl(worker, session, options);
        });
        op.whenComplete((connection, error) -> {
            if (error != null) {
                worker.submitFinal(() -> {
                    Session session = opened.get();
                    if (session != null) {
                        session.close();
                    }
                    return null;
                });
            }
        });
        return op;
    }

    // What identifies the database among this process's connections: its file, found as the
    // file claims find it, or for a remote engine its name; null for an in-memory database.
    private static Object database(Engine engine, ConnectOptions options) {
        return engine.waitsOnNetwork() ? engine.name() + ":" + options.database() : FileClaims.file(options.database(), options.uri());
    }
}
