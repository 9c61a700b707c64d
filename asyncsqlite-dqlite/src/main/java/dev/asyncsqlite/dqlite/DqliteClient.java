package dev.asyncsqlite.dqlite;

import dev.asyncsqlite.SqliteException;
import dev.asyncsqlite.internal.engine.SqliteErrors;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.List;

/**
 * One protocol connection to the dqlite leader: requests and their responses, one at a time, on
 * the connection's worker thread. Only {@link #abortQuery()} may be called from another thread;
 * the flags it reads and sets are volatile.
 */
final class DqliteClient implements AutoCloseable {
    /** SQLite's I/O error code, for a lost connection. */
    static final int SQLITE_IOERR = 10;
    /** The leader the request was sent to is no longer the leader. */
    static final int SQLITE_IOERR_NOT_LEADER = SQLITE_IOERR | (40 << 8);
    /** The leader lost its leadership while the request ran. */
    static final int SQLITE_IOERR_LEADERSHIP_LOST = SQLITE_IOERR | (41 << 8);

    private static final int CONNECT_TIMEOUT_MILLIS = 2_000;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final String address;
    private volatile boolean streaming;
    private volatile boolean aborted;
    private volatile boolean broken;

    private DqliteClient(Socket socket, String address) throws IOException {
        this.socket = socket;
        this.address = address;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /** Connects to one node and sends the protocol version. */
    static DqliteClient connect(String address, int readTimeoutMillis) throws IOException {
        int colon = address.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("a dqlite node address is host:port, not " + address);
        }
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(address.substring(0, colon), Integer.parseInt(address.substring(colon + 1))),
                    CONNECT_TIMEOUT_MILLIS);
            socket.setSoTimeout(readTimeoutMillis);
            DqliteClient client = new DqliteClient(socket, address);
            client.out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(Wire.PROTOCOL_VERSION).array());
            client.out.flush();
            return client;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /**
     * Finds the leader from any of the nodes and connects to it: asks each node in turn which
     * node leads, until one knows, or the time is up.
     *
     * @throws SqliteException if no leader was found in time
     */
    static DqliteClient connectToLeader(List<String> nodes, int timeoutMillis, int readTimeoutMillis) {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        StringBuilder tried = new StringBuilder();
        long pause = 20;
        while (true) {
            for (String node : nodes) {
                try (DqliteClient probe = connect(node, Math.min(readTimeoutMillis, CONNECT_TIMEOUT_MILLIS))) {
                    String leader = probe.leader();
                    if (leader.isEmpty()) {
                        note(tried, node + ": no leader known yet");
                        continue;
                    }
                    DqliteClient client = connect(leader, readTimeoutMillis);
                    if (client.leader().equals(leader)) {
                        return client;
                    }
                    client.close();
                    note(tried, node + ": named " + leader + ", which no longer leads");
                } catch (IOException | SqliteException e) {
                    note(tried, node + ": " + e.getMessage());
                }
            }
            if (System.nanoTime() > deadline) {
                throw SqliteErrors.create(SQLITE_IOERR, "no dqlite leader found within " + timeoutMillis + " ms among "
                        + nodes + " (" + tried + ")", null, null);
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw SqliteErrors.create(SQLITE_IOERR, "interrupted while looking for the dqlite leader", null, e);
            }
            pause = Math.min(pause * 2, 500);
        }
    }

    private static void note(StringBuilder tried, String what) {
        if (tried.length() < 2_000) {
            tried.append(tried.length() == 0 ? "" : "; ").append(what);
        }
    }

    String address() {
        return address;
    }

    boolean isBroken() {
        return broken;
    }

    // ---- requests ----------------------------------------------------------------------------

    /** The address of the leader this node knows, or "" when it knows none. */
    String leader() {
        Wire.In response = call(new Wire.Out().uint64(0), Wire.REQUEST_LEADER, 0, null);
        expect(response, Wire.RESPONSE_SERVER, null);
        response.uint64();
        return response.text();
    }

    /** The nodes of the cluster as {@code id address role} lines (role 0 voter, 1 stand-by, 2 spare). */
    java.util.List<String> servers() {
        Wire.In response = call(new Wire.Out().uint64(1), Wire.REQUEST_CLUSTER, 0, null);
        expect(response, Wire.RESPONSE_SERVERS, null);
        long n = response.uint64();
        java.util.List<String> servers = new java.util.ArrayList<>();
        for (long i = 0; i < n; i++) {
            long id = response.uint64();
            String address = response.text();
            long role = response.uint64();
            servers.add(Long.toUnsignedString(id, 16) + " " + address + " " + role);
        }
        return servers;
    }

    /** Opens a database on the leader and returns its id. */
    int open(String database) {
        Wire.In response = call(new Wire.Out().text(database).uint64(0).text(""), Wire.REQUEST_OPEN, 0, null);
        expect(response, Wire.RESPONSE_DB, null);
        return response.uint32();
    }

    /** Prepares a statement; returns its id and its parameter count. */
    long[] prepare(int db, String sql) {
        Wire.In response = call(new Wire.Out().uint64(db).text(sql), Wire.REQUEST_PREPARE, 0, sql);
        expect(response, Wire.RESPONSE_STMT, sql);
        response.uint32();
        int id = response.uint32();
        long params = response.uint64();
        return new long[] {id, params};
    }

    /** Runs a statement that yields no rows: last insert id and rows changed. */
    long[] exec(int db, int stmt, Object[] values, String sql) {
        Wire.In response = call(new Wire.Out().uint32(db).uint32(stmt).params(values), Wire.REQUEST_EXEC, 0, sql);
        return result(response, sql);
    }

    /** Runs SQL text, every statement of it, without parameters. */
    long[] execSql(int db, String sql) {
        Wire.In response = call(new Wire.Out().uint64(db).text(sql), Wire.REQUEST_EXEC_SQL, 0, sql);
        return result(response, sql);
    }

    private long[] result(Wire.In response, String sql) {
        expect(response, Wire.RESPONSE_RESULT, sql);
        return new long[] {response.uint64(), response.uint64()};
    }

    /** Finalizes a statement. */
    void finalizeStatement(int db, int stmt) {
        expect(call(new Wire.Out().uint32(db).uint32(stmt), Wire.REQUEST_FINALIZE, 0, null), Wire.RESPONSE_EMPTY, null);
    }

    /** Starts a query and reads its first batch of rows. */
    Batch query(int db, int stmt, Object[] values, String sql, boolean textAsBytes) {
        send(new Wire.Out().uint32(db).uint32(stmt).params(values).message(Wire.REQUEST_QUERY, 0), sql);
        streaming = true;
        return nextBatch(sql, textAsBytes);
    }

    /** Reads the next batch of a query's rows. */
    Batch nextBatch(String sql, boolean textAsBytes) {
        Wire.In response = receive(sql);
        if (response.type == Wire.RESPONSE_FAILURE) {
            streaming = false;
            SqliteException e = failure(response, sql);
            if (e.extendedResultCode() == 0) {
                // dqlite's answer to a query of a statement that yields no row (a pragma that sets).
                return new Batch(new String[0], new ArrayDeque<>(), true);
            }
            throw e;
        }
        expect(response, Wire.RESPONSE_ROWS, sql);
        int columns = Math.toIntExact(response.uint64());
        String[] names = new String[columns];
        for (int i = 0; i < columns; i++) {
            names[i] = response.text();
        }
        ArrayDeque<Object[]> rows = new ArrayDeque<>();
        long marker;
        while ((marker = response.peek64()) != Wire.ROWS_DONE && marker != Wire.ROWS_PART) {
            rows.add(response.row(columns, textAsBytes));
        }
        boolean done = marker == Wire.ROWS_DONE;
        if (done) {
            streaming = false;
        }
        return new Batch(names, rows, done);
    }

    /**
     * From any thread: stops a query whose rows are being read by cutting the connection, since a
     * dqlite node reads no request (not even INTERRUPT) while it sends a query's rows. The worker's
     * read then fails as interrupted, and the connection is opened again. A statement that yields
     * no rows is never cut: whether the leader applied it could not be known.
     *
     * @return whether a query was cut
     */
    boolean abortQuery() {
        if (!streaming || broken) {
            return false;
        }
        aborted = true;
        close();
        return true;
    }

    // ---- messages ----------------------------------------------------------------------------

    private Wire.In call(Wire.Out body, int type, int schema, String sql) {
        send(body.message(type, schema), sql);
        Wire.In response = receive(sql);
        if (response.type == Wire.RESPONSE_FAILURE) {
            throw failure(response, sql);
        }
        return response;
    }

    private void send(ByteBuffer message, String sql) {
        if (broken) {
            throw lost(sql, null);
        }
        try {
            out.write(message.array(), message.arrayOffset() + message.position(), message.remaining());
            out.flush();
        } catch (IOException e) {
            broken = true;
            throw lost(sql, e);
        }
    }

    private Wire.In receive(String sql) {
        if (broken) {
            throw lost(sql, null);
        }
        try {
            byte[] header = in.readNBytes(8);
            if (header.length < 8) {
                throw new IOException("the node closed the connection");
            }
            ByteBuffer h = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
            long words = Integer.toUnsignedLong(h.getInt());
            int type = h.get() & 0xff;
            if (words > Integer.MAX_VALUE / 8) {
                throw new IOException("a response of " + words + " words is too large");
            }
            byte[] body = in.readNBytes((int) words * 8);
            if (body.length < words * 8) {
                throw new IOException("the node closed the connection in the middle of a response");
            }
            return new Wire.In(type, ByteBuffer.wrap(body));
        } catch (IOException e) {
            broken = true;
            throw lost(sql, e);
        }
    }

    private SqliteException lost(String sql, Throwable cause) {
        if (aborted) {
            return SqliteErrors.interrupted(sql);
        }
        return SqliteErrors.create(SQLITE_IOERR, "the connection to the dqlite node " + address + " was lost"
                + (cause == null ? "" : ": " + cause.getMessage()), sql, cause);
    }

    private SqliteException failure(Wire.In response, String sql) {
        int code = (int) response.uint64();
        String message = response.text();
        if (code == SQLITE_IOERR_NOT_LEADER || code == SQLITE_IOERR_LEADERSHIP_LOST) {
            // This node no longer leads: the connection is dropped, and the next statement finds
            // the new leader. A read may simply be run again; a write may have been applied.
            close();
            return SqliteErrors.create(code, "the dqlite leader changed (" + message + "): run the statement again;"
                    + " a write may have been applied before the change, so check before repeating it", sql, null);
        }
        return SqliteErrors.create(code, message, sql, null);
    }

    private void expect(Wire.In response, int type, String sql) {
        if (response.type != type) {
            broken = true;
            throw SqliteErrors.create(SQLITE_IOERR, "dqlite answered with a message of type " + response.type
                    + " where " + type + " was expected; the connection is closed", sql, null);
        }
    }

    @Override
    public void close() {
        broken = true;
        try {
            socket.close();
        } catch (IOException e) {
            // closing
        }
    }

    /** A batch of rows of a query. */
    static final class Batch {
        final String[] columns;
        final ArrayDeque<Object[]> rows;
        final boolean done;

        Batch(String[] columns, ArrayDeque<Object[]> rows, boolean done) {
            this.columns = columns;
            this.rows = rows;
            this.done = done;
        }
    }
}
