package dev.asyncsqlite.r2dbc;

import dev.asyncsqlite.ConnectOptions;
import dev.asyncsqlite.PoolOptions;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryOptions;
import io.r2dbc.spi.ConnectionFactoryProvider;
import io.r2dbc.spi.Option;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The R2DBC driver {@code sqlite}, found by {@code ConnectionFactories} through
 * {@link java.util.ServiceLoader}.
 *
 * <p>URLs: {@code r2dbc:sqlite:///absolute/path.db}, {@code r2dbc:sqlite:///./relative.db} and
 * {@code r2dbc:sqlite:///:memory:}, with the options below as query parameters
 * ({@code ?busyTimeout=PT10S&readers=4&pragmas=foreign_keys=ON,synchronous=NORMAL}). The SPI's URL
 * parser drops the slash that starts an absolute path, so the {@link ConnectionFactoryOptions#DATABASE}
 * option names a path from the file-system root unless it starts with {@code ./} or {@code ../}
 * (relative to the working directory), is {@code :memory:}, is a {@code file:} URI or names a
 * drive ({@code C:/data.db}). The short forms {@code r2dbc:sqlite:relative.db} and
 * {@code r2dbc:sqlite::memory:}, which the SPI's parser refuses, are read by {@link #parseUrl}.
 */
public final class SqliteConnectionFactoryProvider implements ConnectionFactoryProvider {
    /** The driver name of the URLs, {@code sqlite}. */
    public static final String DRIVER = "sqlite";

    /** How long a statement waits for a lock held by another connection: SQLite's busy timeout. */
    public static final Option<Duration> BUSY_TIMEOUT = Option.valueOf("busyTimeout");

    /** How many reader connections the pool opens (file databases only). */
    public static final Option<Integer> READERS = Option.valueOf("readers");

    /** How long a query waits for a free reader before it fails. */
    public static final Option<Duration> ACQUIRE_TIMEOUT = Option.valueOf("acquireTimeout");

    /** Opens the database read-only. */
    public static final Option<Boolean> READ_ONLY = Option.valueOf("readOnly");

    /**
     * Pragmas run on every connection of the pool, as {@code name=value} pairs separated by
     * commas ({@code foreign_keys=ON,synchronous=NORMAL}), or a {@code Map<String, String>}.
     */
    public static final Option<Object> PRAGMAS = Option.valueOf("pragmas");

    /** Whether {@code load_extension} is allowed; off unless set to {@code true}. */
    public static final Option<Boolean> EXTENSIONS = Option.valueOf("extensions");

    /** The rows a query reads per hop to the worker unless a statement sets its fetch size. */
    public static final Option<Integer> FETCH_SIZE = Option.valueOf("fetchSize");

    /** The longest a transaction may stay open before it is rolled back. */
    public static final Option<Duration> TRANSACTION_TIMEOUT = Option.valueOf("transactionTimeout");

    /**
     * The engine, as {@code ConnectOptions.Builder.engine} names it: {@code sqlite-jdbc} (the
     * default, sqlite-jdbc's bundled SQLite) or {@code native} (module {@code asyncsqlite-native},
     * JDK 22+). An unknown name fails the creation of the first connection, with an error listing the
     * engines found.
     */
    public static final Option<String> ENGINE = Option.valueOf("engine");

    /**
     * Creates the driver's factory for these options; {@link SqliteConnectionFactory#of} does the
     * same from a URL.
     *
     * @param options the options, of {@code r2dbc:sqlite:} URLs
     * @return the factory, to be closed when no longer needed
     * @throws IllegalArgumentException naming the option that is missing or wrong
     */
    @Override
    public SqliteConnectionFactory create(ConnectionFactoryOptions options) {
        return new SqliteConnectionFactory(poolOptions(options), defaultStatementTimeout(options));
    }

    @Override
    public boolean supports(ConnectionFactoryOptions options) {
        return supports(options, DRIVER);
    }

    /** Whether options name this driver and no protocol of it (there is none). */
    static boolean supports(ConnectionFactoryOptions options, String driver) {
        Objects.requireNonNull(options, "options must not be null");
        Object protocol = options.getValue(ConnectionFactoryOptions.PROTOCOL);
        // A wrapper's URL (r2dbc:pool:sqlite://...) hands its driver options with an empty protocol.
        return driver.equals(options.getValue(ConnectionFactoryOptions.DRIVER)) && (protocol == null || protocol.toString().isEmpty());
    }

    @Override
    public String getDriver() {
        return DRIVER;
    }

    /**
     * Reads an {@code r2dbc:sqlite:} URL, including the short forms the SPI's parser refuses:
     * {@code r2dbc:sqlite:relative.db} (relative to the working directory) and
     * {@code r2dbc:sqlite::memory:}. Query parameters become options, as in the SPI's parser.
     *
     * @param url the URL
     * @return the options, for {@code ConnectionFactories.get}
     * @throws IllegalArgumentException if the URL is not an {@code r2dbc:sqlite:} URL
     */
    public static ConnectionFactoryOptions parseUrl(String url) {
        Objects.requireNonNull(url, "url must not be null");
        String prefix = "r2dbc:" + DRIVER + ":";
        if (!url.startsWith(prefix)) {
            throw new IllegalArgumentException("not an r2dbc:sqlite: URL: " + url);
        }
        String rest = url.substring(prefix.length());
        if (rest.startsWith("//")) {
            return ConnectionFactoryOptions.parse(url);
        }
        int query = rest.indexOf('?');
        String database = query < 0 ? rest : rest.substring(0, query);
        if (database.isEmpty()) {
            throw new IllegalArgumentException("the URL names no database: " + url);
        }
        if (!database.equals(":memory:") && !database.startsWith("/") && !database.startsWith(".")) {
            database = "./" + database;
        }
        String standard = prefix + "///" + database + (query < 0 ? "" : rest.substring(query));
        return ConnectionFactoryOptions.parse(standard);
    }

    static PoolOptions poolOptions(ConnectionFactoryOptions options) {
        Objects.requireNonNull(options, "options must not be null");
        if (options.hasOption(ConnectionFactoryOptions.HOST)) {
            throw new IllegalArgumentException("an SQLite database is a file and has no host: "
                    + options.getValue(ConnectionFactoryOptions.HOST) + " (write r2dbc:sqlite:///path/to/file.db)");
        }
        Object database = options.getValue(ConnectionFactoryOptions.DATABASE);
        if (database == null || database.toString().isEmpty()) {
            throw new IllegalArgumentException("the database option is missing: name a file or :memory:");
        }
        return poolOptions(options, ConnectOptions.builder(databasePath(database.toString())));
    }

    /** The pool's options from the driver options, on a database the caller named. */
    static PoolOptions poolOptions(ConnectionFactoryOptions options, ConnectOptions.Builder connect) {
        Duration busy = duration(options, BUSY_TIMEOUT);
        if (busy == null) {
            busy = duration(options, ConnectionFactoryOptions.LOCK_WAIT_TIMEOUT);
        }
        if (busy != null) {
            connect.busyTimeout(busy);
        }
        Boolean readOnly = bool(options, READ_ONLY);
        if (readOnly != null) {
            connect.readOnly(readOnly);
        }
        Boolean extensions = bool(options, EXTENSIONS);
        connect.loadExtensions(extensions != null && extensions);
        Integer fetchSize = integer(options, FETCH_SIZE);
        if (fetchSize != null) {
            connect.iterChunkSize(fetchSize);
        }
        Duration transactionTimeout = duration(options, TRANSACTION_TIMEOUT);
        if (transactionTimeout != null) {
            connect.transactionTimeout(transactionTimeout);
        }
        Object engine = options.getValue(ENGINE);
        if (engine != null) {
            connect.engine(engine.toString());
        }
        pragmas(options.getValue(PRAGMAS), connect);
        PoolOptions.Builder pool = PoolOptions.builder(connect.build());
        Integer readers = integer(options, READERS);
        if (readers != null) {
            pool.readers(readers);
        }
        Duration acquire = duration(options, ACQUIRE_TIMEOUT);
        if (acquire != null) {
            pool.acquireTimeout(acquire);
        }
        return pool.build();
    }

    static Duration defaultStatementTimeout(ConnectionFactoryOptions options) {
        return duration(options, ConnectionFactoryOptions.STATEMENT_TIMEOUT);
    }

    // The SPI's URL parser drops the slash of an absolute path: see the class comment.
    static String databasePath(String database) {
        if (database.equals(":memory:") || database.startsWith("/") || database.startsWith("./")
                || database.startsWith("../") || database.startsWith("file:") || database.matches("[A-Za-z]:[/\\\\].*")) {
            return database;
        }
        return "/" + database;
    }

    private static void pragmas(Object value, ConnectOptions.Builder connect) {
        if (value == null) {
            return;
        }
        if (value instanceof Map) {
            for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
                connect.pragma(String.valueOf(e.getKey()), String.valueOf(e.getValue()));
            }
            return;
        }
        for (String pair : value.toString().split("[,;]")) {
            if (pair.isBlank()) {
                continue;
            }
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("pragmas takes name=value pairs separated by commas, not: " + pair);
            }
            connect.pragma(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
        }
    }

    private static Duration duration(ConnectionFactoryOptions options, Option<?> option) {
        Object value = options.getValue(option);
        if (value == null || value instanceof Duration) {
            return (Duration) value;
        }
        if (value instanceof Number) {
            return Duration.ofMillis(((Number) value).longValue());
        }
        String text = value.toString().trim();
        try {
            return text.chars().allMatch(Character::isDigit) ? Duration.ofMillis(Long.parseLong(text)) : Duration.parse(text);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(option.name() + " takes a duration (PT5S) or milliseconds, not: " + value, e);
        }
    }

    private static Integer integer(ConnectionFactoryOptions options, Option<?> option) {
        Object value = options.getValue(option);
        if (value == null || value instanceof Integer) {
            return (Integer) value;
        }
        try {
            return value instanceof Number ? Math.toIntExact(((Number) value).longValue()) : Integer.parseInt(value.toString().trim());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(option.name() + " takes a whole number, not: " + value, e);
        }
    }

    private static Boolean bool(ConnectionFactoryOptions options, Option<?> option) {
        Object value = options.getValue(option);
        if (value == null || value instanceof Boolean) {
            return (Boolean) value;
        }
        switch (value.toString().trim().toLowerCase(Locale.ROOT)) {
            case "true":
            case "on":
            case "1":
                return true;
            case "false":
            case "off":
            case "0":
                return false;
            default:
                throw new IllegalArgumentException(option.name() + " takes true or false, not: " + value);
        }
    }
}
