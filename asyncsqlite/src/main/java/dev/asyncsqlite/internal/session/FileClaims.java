package dev.asyncsqlite.internal.session;

import dev.asyncsqlite.ProgrammingException;
import dev.asyncsqlite.SqliteException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Which local engine has each database file open in this JVM. Every local engine is its own copy
 * of SQLite (sqlite-jdbc bundles one, the native engine binds the system's), and two copies in one
 * process must not open the same file: POSIX advisory locks belong to the process, so when one
 * copy closes the file it drops the locks the other copy's connections hold, and the database
 * can be corrupted (sqlite.org/howtocorrupt.html, section 2.2.1). Opening a file another local
 * engine has open is therefore refused.
 */
final class FileClaims {
    private static final String WHY = "https://www.sqlite.org/howtocorrupt.html#multiple_copies_of_sqlite_linked_into_the_same_application";
    // Guarded by itself.
    private static final Map<Path, Claim> OPEN = new HashMap<>();

    private FileClaims() {
    }

    /** A file held by one engine; {@link #release()} once per {@link #claim}. */
    static final class Claim {
        private final Path file;
        private final String engine;
        private int holders;

        private Claim(Path file, String engine) {
            this.file = file;
            this.engine = engine;
        }

        void release() {
            if (file == null) {
                return;
            }
            synchronized (OPEN) {
                if (--holders == 0) {
                    OPEN.remove(file);
                }
            }
        }
    }

    private static final Claim NONE = new Claim(null, null);

    /**
     * Claims a database for an engine before it opens it.
     *
     * @param engine the engine's name
     * @param database the database as the options give it
     * @param uri whether {@code database} is a {@code file:} URI
     * @return the claim, to release when the connection closes; a no-op claim for in-memory and
     *     temporary databases
     * @throws ProgrammingException if another local engine has the file open
     */
    static Claim claim(String engine, String database, boolean uri) {
        Path file = file(database, uri);
        if (file == null) {
            return NONE;
        }
        synchronized (OPEN) {
            Claim claim = OPEN.get(file);
            if (claim == null) {
                claim = new Claim(file, engine);
                OPEN.put(file, claim);
            } else if (!claim.engine.equals(engine)) {
                throw new ProgrammingException(file + " is open in this JVM with the " + claim.engine
                        + " engine; opening it with the " + engine + " engine too would put two copies of SQLite on one file,"
                        + " which can corrupt it (" + WHY + "). Use one engine per database file.",
                        SqliteException.SQLITE_MISUSE, null, null);
            }
            claim.holders++;
            return claim;
        }
    }

    /**
     * The file a database names, as one path whichever way it is written.
     *
     * @param database the database as the options give it
     * @param uri whether {@code database} is a {@code file:} URI
     * @return the real path, or {@code null} for in-memory and temporary databases
     */
    static Path file(String database, boolean uri) {
        String name = database;
        if (uri && name.startsWith("file:")) {
            int query = name.indexOf('?');
            String parameters = query < 0 ? "" : name.substring(query + 1);
            if (parameters.matches("(^|.*&)mode=memory(&.*|$)")) {
                return null;
            }
            name = name.substring("file:".length(), query < 0 ? name.length() : query);
            if (name.startsWith("//")) {
                int slash = name.indexOf('/', 2);
                name = slash < 0 ? "" : name.substring(slash);
            }
            int fragment = name.indexOf('#');
            name = fragment < 0 ? name : name.substring(0, fragment);
            name = java.net.URLDecoder.decode(name.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
        }
        if (name.isEmpty() || name.equals(":memory:")) {
            return null;
        }
        try {
            Path path = Path.of(name).toAbsolutePath().normalize();
            if (Files.exists(path)) {
                return path.toRealPath();
            }
            Path parent = path.getParent();
            return parent != null && Files.isDirectory(parent) ? parent.toRealPath().resolve(path.getFileName()) : path;
        } catch (IOException | InvalidPathException e) {
            return null;
        }
    }
}
