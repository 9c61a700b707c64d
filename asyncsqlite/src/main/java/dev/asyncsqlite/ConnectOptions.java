package dev.asyncsqlite;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * How to open a connection: immutable, built with {@link #builder(String)}, validated when built.
 *
 * <pre>{@code
 * ConnectOptions options = ConnectOptions.builder("app.db")
 *         .busyTimeout(Duration.ofSeconds(2))
 *         .pragma("journal_mode", "WAL")
 *         .build();
 * }</pre>
 */
public final class ConnectOptions {
    private static final Pattern PRAGMA_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern PRAGMA_VALUE = Pattern.compile("-?[A-Za-z0-9_.]+");

    private final String database;
    private final boolean uri;
    private final boolean readOnly;
    private final Duration busyTimeout;
    private final IsolationLevel isolationLevel;
    private final int iterChunkSize;
    private final int statementCacheSize;
    private final Map<String, String> pragmas;
    private final boolean loadExtensions;
    private final Executor completionExecutor;
    private final Duration operationTimeout;
    private final Duration transactionTimeout;
    private final Duration closeTimeout;
    private final Duration watchPollInterval;
    private final boolean textAsBytes;
    private final boolean untrustedInput;
    private final String engine;
    private final String nativeLibrary;
    private final Map<Class<?>, Function<Object, Object>> adapters;

    /** The system property that names the engine of options that do not choose one. */
    public static final String ENGINE_PROPERTY = "asyncsqlite.engine";
    /** The system property that names the SQLite library of the native engine. */
    public static final String NATIVE_LIBRARY_PROPERTY = "asyncsqlite.native.library";

    /** {@link #untrustedInput()} lowers {@link SqliteLimit#LENGTH} to this many bytes. */
    public static final int UNTRUSTED_MAX_LENGTH = 1_000_000;
    /** {@link #untrustedInput()} lowers {@link SqliteLimit#SQL_LENGTH} to this many bytes. */
    public static final int UNTRUSTED_MAX_SQL_LENGTH = 100_000;
    /** {@link #untrustedInput()} lowers {@link SqliteLimit#EXPR_DEPTH} to this depth. */
    public static final int UNTRUSTED_MAX_EXPR_DEPTH = 100;

    private ConnectOptions(Builder b) {
        this.database = b.database;
        this.uri = b.uri != null ? b.uri : b.database.startsWith("file:");
        this.readOnly = b.readOnly;
        this.busyTimeout = b.busyTimeout;
        this.isolationLevel = b.isolationLevel;
        this.iterChunkSize = b.iterChunkSize;
        this.statementCacheSize = b.statementCacheSize;
        this.pragmas = Collections.unmodifiableMap(new LinkedHashMap<>(b.pragmas));
        this.loadExtensions = b.loadExtensions;
        this.completionExecutor = b.completionExecutor;
        this.operationTimeout = b.operationTimeout;
        this.transactionTimeout = b.transactionTimeout;
        this.closeTimeout = b.closeTimeout;
        this.watchPollInterval = b.watchPollInterval;
        this.textAsBytes = b.textAsBytes;
        this.untrustedInput = b.untrustedInput;
        this.engine = b.engine != null ? b.engine : System.getProperty(ENGINE_PROPERTY, "sqlite-jdbc");
        this.nativeLibrary = b.nativeLibrary != null ? b.nativeLibrary : System.getProperty(NATIVE_LIBRARY_PROPERTY);
        this.adapters = Collections.unmodifiableMap(new LinkedHashMap<>(b.adapters));
    }

    /**
     * Starts options for a database.
     *
     * @param database a file path, {@code ":memory:"} for a private in-memory database, or a
     *     {@code file:} URI such as {@code file:data.db?mode=ro}
     * @return a builder with every other option at its default
     */
    public static Builder builder(String database) {
        return new Builder(database);
    }

    /**
     * Starts options for a database file.
     *
     * @param database the file
     * @return a builder with every other option at its default
     */
    public static Builder builder(Path database) {
        Objects.requireNonNull(database, "database must not be null");
        return new Builder(database.toString()).uri(false);
    }

    /**
     * Options for a database with every option at its default.
     *
     * @param database a file path, {@code ":memory:"} or a {@code file:} URI
     * @return the options
     */
    public static ConnectOptions of(String database) {
        return builder(database).build();
    }

    /**
     * A builder holding these options, to derive changed ones.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * The database: a path, {@code ":memory:"} or a {@code file:} URI.
     *
     * @return the database as given
     */
    public String database() {
        return database;
    }

    /**
     * Whether {@link #database()} is read as a {@code file:} URI. Default: true exactly when it
     * starts with {@code file:}.
     *
     * @return true for a URI
     */
    public boolean uri() {
        return uri;
    }

    /**
     * Whether the database is opened read-only ({@code SQLITE_OPEN_READONLY}). Default: false.
     *
     * @return true for read-only
     */
    public boolean readOnly() {
        return readOnly;
    }

    /**
     * How long a statement waits for a lock held by another connection before failing with
     * {@link BusyException}: the {@code timeout} of {@code sqlite3.connect}. Default: 5 seconds.
     *
     * @return the busy timeout
     */
    public Duration busyTimeout() {
        return busyTimeout;
    }

    /**
     * The isolation level. Default: {@link IsolationLevel#DEFERRED}, as in {@code sqlite3}.
     *
     * @return the level
     */
    public IsolationLevel isolationLevel() {
        return isolationLevel;
    }

    /**
     * How many rows one hop to the worker reads for {@link Cursor#rows()} and for the first rows
     * of a result. Default: 64, as in aiosqlite.
     *
     * @return the chunk size
     */
    public int iterChunkSize() {
        return iterChunkSize;
    }

    /**
     * How many prepared statements the connection keeps for reuse. Default: 128, as
     * {@code cached_statements} in {@code sqlite3}; 0 turns caching off.
     *
     * @return the cache size
     */
    public int statementCacheSize() {
        return statementCacheSize;
    }

    /**
     * Pragmas set when the connection opens, in order. Default: none.
     *
     * @return an unmodifiable map of pragma name to value
     */
    public Map<String, String> pragmas() {
        return pragmas;
    }

    /**
     * Whether loading SQLite extensions is allowed. Default: false.
     *
     * @return true when allowed
     */
    public boolean loadExtensions() {
        return loadExtensions;
    }

    /**
     * Where futures are completed, and so where chained code runs. Default: {@code null}, the
     * connection's worker thread, which is fastest for async chains. If the executor rejects a
     * completion, the future is completed on the worker thread instead.
     *
     * @return the executor, or {@code null} for the worker thread
     */
    public Executor completionExecutor() {
        return completionExecutor;
    }

    /**
     * A time limit applied to every operation, measured from submission: an operation still
     * queued or running when it expires is cancelled as by {@code orTimeout}. Default:
     * {@code null}, no limit.
     *
     * @return the limit, or {@code null}
     */
    public Duration operationTimeout() {
        return operationTimeout;
    }

    /**
     * The longest a {@link Connection#transaction} body may hold the connection before it is
     * rolled back and its future fails with {@link java.util.concurrent.TimeoutException}.
     * Default: 60 seconds.
     *
     * @return the limit
     */
    public Duration transactionTimeout() {
        return transactionTimeout;
    }

    /**
     * How long {@link Connection#close()} waits for queued work and the close itself. Default:
     * 30 seconds.
     *
     * @return the limit
     */
    public Duration closeTimeout() {
        return closeTimeout;
    }

    /**
     * How often a database that {@link LiveQueries#watch watched queries} read is checked for
     * transactions committed by other processes ({@code PRAGMA data_version}), while at least one
     * watch or {@link LiveQueries#changes() change feed} of the connection or pool is subscribed;
     * nothing is checked while none is. Commits made through this process's own connections to
     * the file are seen at once, without waiting for a check. {@link Duration#ZERO} turns the
     * check off. Default: 1 second.
     *
     * @return the interval, or zero for none
     */
    public Duration watchPollInterval() {
        return watchPollInterval;
    }

    /**
     * Whether {@code TEXT} values are returned as UTF-8 {@code byte[]} instead of {@link String}:
     * {@code text_factory = bytes}. Default: false. SQLite stores text as it is given and does not
     * check that it is UTF-8; as a {@link String}, bytes that are not read as U+FFFD, as Java's
     * decoder reads them (where {@code sqlite3} raises an error), while as bytes they are exact.
     *
     * @return true for bytes
     */
    public boolean textAsBytes() {
        return textAsBytes;
    }

    /**
     * Whether the connection is hardened for SQL or databases from untrusted sources, following
     * SQLite's "Defense Against The Dark Arts": {@link SqliteLimit#LENGTH} lowered to
     * {@value #UNTRUSTED_MAX_LENGTH}, {@link SqliteLimit#SQL_LENGTH} to
     * {@value #UNTRUSTED_MAX_SQL_LENGTH}, {@link SqliteLimit#EXPR_DEPTH} to
     * {@value #UNTRUSTED_MAX_EXPR_DEPTH}, and {@code PRAGMA trusted_schema = OFF}. Defensive mode
     * ({@code SQLITE_DBCONFIG_DEFENSIVE}) is not available with the sqlite-jdbc engine. Default:
     * false.
     *
     * @return true when hardened
     */
    public boolean untrustedInput() {
        return untrustedInput;
    }

    /**
     * The engine that talks to SQLite: {@code sqlite-jdbc} (sqlite-jdbc's bundled SQLite, the
     * default) or {@code native} (the system SQLite library through the Foreign Function &amp;
     * Memory API; needs the {@code asyncsqlite-native} module and JDK 22 or newer). Default: the
     * system property {@value #ENGINE_PROPERTY} when set, otherwise {@code sqlite-jdbc}.
     *
     * @return the engine's name
     */
    public String engine() {
        return engine;
    }

    /**
     * The SQLite shared library the native engine loads: a file path or a library name. Default:
     * the system property {@value #NATIVE_LIBRARY_PROPERTY} when set, otherwise the system's
     * library ({@code libsqlite3} on Linux and macOS, {@code winsqlite3.dll} on Windows).
     *
     * @return the library, or {@code null} for the system's
     */
    public String nativeLibrary() {
        return nativeLibrary;
    }

    /**
     * Parameter adapters added with {@link Builder#adapter}, by the exact class they handle.
     *
     * @return an unmodifiable map
     */
    public Map<Class<?>, Function<Object, Object>> adapters() {
        return adapters;
    }

    @Override
    public String toString() {
        return "ConnectOptions{database=" + database + ", uri=" + uri + ", readOnly=" + readOnly
                + ", busyTimeout=" + busyTimeout + ", isolationLevel=" + isolationLevel
                + ", iterChunkSize=" + iterChunkSize + ", statementCacheSize=" + statementCacheSize
                + ", pragmas=" + pragmas + ", loadExtensions=" + loadExtensions
                + ", completionExecutor=" + completionExecutor + ", operationTimeout=" + operationTimeout
                + ", transactionTimeout=" + transactionTimeout + ", closeTimeout=" + closeTimeout
                + ", watchPollInterval=" + watchPollInterval
                + ", textAsBytes=" + textAsBytes + ", untrustedInput=" + untrustedInput
                + ", engine=" + engine + ", nativeLibrary=" + nativeLibrary + ", adapters=" + adapters.keySet() + '}';
    }

    /** Builds {@link ConnectOptions}; every setter checks its argument at once. */
    public static final class Builder {
        private String database;
        private Boolean uri;
        private boolean readOnly;
        private Duration busyTimeout = Duration.ofSeconds(5);
        private IsolationLevel isolationLevel = IsolationLevel.DEFERRED;
        private int iterChunkSize = 64;
        private int statementCacheSize = 128;
        private final Map<String, String> pragmas = new LinkedHashMap<>();
        private boolean loadExtensions;
        private Executor completionExecutor;
        private Duration operationTimeout;
        private Duration transactionTimeout = Duration.ofSeconds(60);
        private Duration closeTimeout = Duration.ofSeconds(30);
        private Duration watchPollInterval = Duration.ofSeconds(1);
        private boolean textAsBytes;
        private boolean untrustedInput;
        private String engine;
        private String nativeLibrary;
        private final Map<Class<?>, Function<Object, Object>> adapters = new LinkedHashMap<>();

        private Builder(String database) {
            database(database);
        }

        private Builder(ConnectOptions o) {
            this.database = o.database;
            this.uri = o.uri;
            this.readOnly = o.readOnly;
            this.busyTimeout = o.busyTimeout;
            this.isolationLevel = o.isolationLevel;
            this.iterChunkSize = o.iterChunkSize;
            this.statementCacheSize = o.statementCacheSize;
            this.pragmas.putAll(o.pragmas);
            this.loadExtensions = o.loadExtensions;
            this.completionExecutor = o.completionExecutor;
            this.operationTimeout = o.operationTimeout;
            this.transactionTimeout = o.transactionTimeout;
            this.closeTimeout = o.closeTimeout;
            this.watchPollInterval = o.watchPollInterval;
            this.textAsBytes = o.textAsBytes;
            this.untrustedInput = o.untrustedInput;
            this.engine = o.engine;
            this.nativeLibrary = o.nativeLibrary;
            this.adapters.putAll(o.adapters);
        }

        /**
         * Sets the database.
         *
         * @param database a file path, {@code ":memory:"} or a {@code file:} URI; not empty
         * @return this builder
         * @throws IllegalArgumentException if empty or containing a NUL character
         */
        public Builder database(String database) {
            Objects.requireNonNull(database, "database must not be null");
            if (database.isEmpty()) {
                throw new IllegalArgumentException("database must not be empty (use \":memory:\" for an in-memory database)");
            }
            if (database.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("database must not contain a NUL character: " + database.replace('\0', '?'));
            }
            this.database = database;
            return this;
        }

        /**
         * Sets whether the database is a {@code file:} URI. Default: detected from the prefix.
         *
         * @param uri true to read the database as a URI
         * @return this builder
         */
        public Builder uri(boolean uri) {
            this.uri = uri;
            return this;
        }

        /**
         * Opens the database read-only. Default: false.
         *
         * @param readOnly true for read-only
         * @return this builder
         */
        public Builder readOnly(boolean readOnly) {
            this.readOnly = readOnly;
            return this;
        }

        /**
         * Sets the busy timeout. Default: 5 seconds.
         *
         * @param busyTimeout zero or more, at most {@link Integer#MAX_VALUE} milliseconds
         * @return this builder
         * @throws IllegalArgumentException if negative or too large
         */
        public Builder busyTimeout(Duration busyTimeout) {
            Objects.requireNonNull(busyTimeout, "busyTimeout must not be null");
            if (busyTimeout.isNegative() || busyTimeout.toMillis() > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("busyTimeout must be between 0 and " + Integer.MAX_VALUE + " ms: " + busyTimeout);
            }
            this.busyTimeout = busyTimeout;
            return this;
        }

        /**
         * Sets the isolation level. Default: {@link IsolationLevel#DEFERRED}.
         *
         * @param isolationLevel the level
         * @return this builder
         */
        public Builder isolationLevel(IsolationLevel isolationLevel) {
            this.isolationLevel = Objects.requireNonNull(isolationLevel, "isolationLevel must not be null");
            return this;
        }

        /**
         * Sets how many rows are read per hop. Default: 64.
         *
         * @param iterChunkSize at least 1
         * @return this builder
         * @throws IllegalArgumentException if less than 1
         */
        public Builder iterChunkSize(int iterChunkSize) {
            if (iterChunkSize < 1) {
                throw new IllegalArgumentException("iterChunkSize must be at least 1: " + iterChunkSize);
            }
            this.iterChunkSize = iterChunkSize;
            return this;
        }

        /**
         * Sets the prepared statement cache size. Default: 128.
         *
         * @param statementCacheSize zero (no caching) or more
         * @return this builder
         * @throws IllegalArgumentException if negative
         */
        public Builder statementCacheSize(int statementCacheSize) {
            if (statementCacheSize < 0) {
                throw new IllegalArgumentException("statementCacheSize must not be negative: " + statementCacheSize);
            }
            this.statementCacheSize = statementCacheSize;
            return this;
        }

        /**
         * Adds a pragma set at open time ({@code PRAGMA name = value}), after earlier ones.
         *
         * @param name a pragma name such as {@code journal_mode}
         * @param value a plain value such as {@code WAL}, {@code 1} or {@code -2000}
         * @return this builder
         * @throws IllegalArgumentException if the name is not an identifier or the value not a
         *     plain word or number (nothing else is ever built into SQL text)
         */
        public Builder pragma(String name, String value) {
            Objects.requireNonNull(name, "pragma name must not be null");
            Objects.requireNonNull(value, "pragma value must not be null");
            if (!PRAGMA_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("pragma name must be an identifier: " + name);
            }
            if (!PRAGMA_VALUE.matcher(value).matches()) {
                throw new IllegalArgumentException("pragma " + name + " value must be a plain word or number: " + value);
            }
            pragmas.put(name, value);
            return this;
        }

        /**
         * Removes every pragma added so far.
         *
         * @return this builder
         */
        public Builder clearPragmas() {
            pragmas.clear();
            return this;
        }

        /**
         * Allows loading SQLite extensions. Default: false.
         *
         * @param loadExtensions true to allow
         * @return this builder
         */
        public Builder loadExtensions(boolean loadExtensions) {
            this.loadExtensions = loadExtensions;
            return this;
        }

        /**
         * Completes futures on an executor instead of the worker thread. Default: the worker.
         *
         * @param completionExecutor the executor, or {@code null} for the worker thread
         * @return this builder
         */
        public Builder completionExecutor(Executor completionExecutor) {
            this.completionExecutor = completionExecutor;
            return this;
        }

        /**
         * Sets a time limit for every operation. Default: none.
         *
         * @param operationTimeout a positive duration, or {@code null} for none
         * @return this builder
         * @throws IllegalArgumentException if zero or negative
         */
        public Builder operationTimeout(Duration operationTimeout) {
            if (operationTimeout != null && (operationTimeout.isNegative() || operationTimeout.isZero())) {
                throw new IllegalArgumentException("operationTimeout must be positive: " + operationTimeout);
            }
            this.operationTimeout = operationTimeout;
            return this;
        }

        /**
         * Sets the longest a transaction body may hold the connection. Default: 60 seconds.
         *
         * @param transactionTimeout a positive duration
         * @return this builder
         * @throws IllegalArgumentException if zero or negative
         */
        public Builder transactionTimeout(Duration transactionTimeout) {
            Objects.requireNonNull(transactionTimeout, "transactionTimeout must not be null");
            if (transactionTimeout.isNegative() || transactionTimeout.isZero()) {
                throw new IllegalArgumentException("transactionTimeout must be positive: " + transactionTimeout);
            }
            this.transactionTimeout = transactionTimeout;
            return this;
        }

        /**
         * Sets how long {@link Connection#close()} waits. Default: 30 seconds.
         *
         * @param closeTimeout a positive duration
         * @return this builder
         * @throws IllegalArgumentException if zero or negative
         */
        public Builder closeTimeout(Duration closeTimeout) {
            Objects.requireNonNull(closeTimeout, "closeTimeout must not be null");
            if (closeTimeout.isNegative() || closeTimeout.isZero()) {
                throw new IllegalArgumentException("closeTimeout must be positive: " + closeTimeout);
            }
            this.closeTimeout = closeTimeout;
            return this;
        }

        /**
         * Sets how often a watched database is checked for commits by other processes
         * ({@code PRAGMA data_version}). Default: 1 second.
         *
         * @param watchPollInterval a positive duration of at least a millisecond, or
         *     {@link Duration#ZERO} to check never
         * @return this builder
         * @throws IllegalArgumentException if negative, or positive but under a millisecond
         */
        public Builder watchPollInterval(Duration watchPollInterval) {
            Objects.requireNonNull(watchPollInterval, "watchPollInterval must not be null");
            if (watchPollInterval.isNegative() || (!watchPollInterval.isZero() && watchPollInterval.toMillis() < 1)) {
                throw new IllegalArgumentException("watchPollInterval must be zero (no checks) or at least 1 ms: "
                        + watchPollInterval);
            }
            this.watchPollInterval = watchPollInterval;
            return this;
        }

        /**
         * Returns {@code TEXT} values as UTF-8 bytes. Default: false. Use it (or
         * {@code CAST(column AS BLOB)} for one column) where text may not be valid UTF-8: as a
         * {@link String} such bytes read as U+FFFD, with nothing to tell.
         *
         * @param textAsBytes true for bytes
         * @return this builder
         */
        public Builder textAsBytes(boolean textAsBytes) {
            this.textAsBytes = textAsBytes;
            return this;
        }

        /**
         * Chooses the engine: {@code sqlite-jdbc} or {@code native}; see
         * {@link ConnectOptions#engine()}. An unknown name fails the connect with
         * {@link NotSupportedException} listing the engines found.
         *
         * @param engine the engine's name
         * @return this builder
         * @throws IllegalArgumentException if blank
         */
        public Builder engine(String engine) {
            Objects.requireNonNull(engine, "engine must not be null");
            if (engine.isBlank()) {
                throw new IllegalArgumentException("engine must not be blank");
            }
            this.engine = engine;
            return this;
        }

        /**
         * Sets the SQLite library the native engine loads; see {@link ConnectOptions#nativeLibrary()}.
         *
         * @param nativeLibrary a path or library name, or {@code null} for the system's
         * @return this builder
         */
        public Builder nativeLibrary(String nativeLibrary) {
            this.nativeLibrary = nativeLibrary;
            return this;
        }

        /**
         * Hardens the connection for untrusted SQL or database files; see
         * {@link ConnectOptions#untrustedInput()}. Default: false.
         *
         * @param untrustedInput true to harden
         * @return this builder
         */
        public Builder untrustedInput(boolean untrustedInput) {
            this.untrustedInput = untrustedInput;
            return this;
        }

        /**
         * Adds or replaces the adapter for parameters of exactly {@code type}: the
         * {@code register_adapter} of {@code sqlite3}. The adapter must return {@code null},
         * {@link Long}, {@link Integer}, {@link Double}, {@link String} or {@code byte[]}; it runs
         * on the submitting thread.
         *
         * @param type the parameter class
         * @param adapter converts a value to one SQLite can store
         * @param <T> the parameter type
         * @return this builder
         */
        @SuppressWarnings("unchecked")
        public <T> Builder adapter(Class<T> type, Function<? super T, ?> adapter) {
            Objects.requireNonNull(type, "type must not be null");
            Objects.requireNonNull(adapter, "adapter must not be null");
            adapters.put(type, (Function<Object, Object>) adapter);
            return this;
        }

        /**
         * Builds the options.
         *
         * @return the options
         * @throws IllegalArgumentException if {@code uri(true)} was set for a database that is not
         *     a {@code file:} URI
         */
        public ConnectOptions build() {
            if (Boolean.TRUE.equals(uri) && !database.startsWith("file:")) {
                throw new IllegalArgumentException("uri is set but database is not a file: URI: " + database);
            }
            return new ConnectOptions(this);
        }
    }
}
