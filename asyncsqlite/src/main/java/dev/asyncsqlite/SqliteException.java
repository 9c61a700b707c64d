package dev.asyncsqlite;

import java.util.Map;

/**
 * An error reported by SQLite or by asyncsqlite, the {@code sqlite3.DatabaseError} of Java.
 *
 * <p>It carries SQLite's primary result code ({@code SQLITE_CONSTRAINT} is 19), the extended
 * result code ({@code SQLITE_CONSTRAINT_UNIQUE} is 2067) and, when a statement caused it, the
 * SQL text. Subclasses mirror the DB-API families so callers can catch what they can handle:
 * {@link IntegrityConstraintException}, {@link ProgrammingException} (with
 * {@link ParameterBindingException}), {@link OperationalException} (with
 * {@link BusyException}, {@link LockedException}, {@link ReadOnlyException},
 * {@link SqliteInterruptedException}) and {@link ConnectionClosedException}.
 *
 * <p>It is unchecked: futures complete exceptionally with it.
 */
public class SqliteException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** {@code SQLITE_ERROR}: a generic error, such as an SQL syntax error. */
    public static final int SQLITE_ERROR = 1;
    /** {@code SQLITE_INTERNAL}. */
    public static final int SQLITE_INTERNAL = 2;
    /** {@code SQLITE_PERM}. */
    public static final int SQLITE_PERM = 3;
    /** {@code SQLITE_ABORT}. */
    public static final int SQLITE_ABORT = 4;
    /** {@code SQLITE_BUSY}: the database file is locked by another connection. */
    public static final int SQLITE_BUSY = 5;
    /** {@code SQLITE_LOCKED}: a table is locked within the same connection or shared cache. */
    public static final int SQLITE_LOCKED = 6;
    /** {@code SQLITE_NOMEM}. */
    public static final int SQLITE_NOMEM = 7;
    /** {@code SQLITE_READONLY}: an attempt to write a read-only database. */
    public static final int SQLITE_READONLY = 8;
    /** {@code SQLITE_INTERRUPT}: the operation was interrupted or cancelled. */
    public static final int SQLITE_INTERRUPT = 9;
    /** {@code SQLITE_IOERR}. */
    public static final int SQLITE_IOERR = 10;
    /** {@code SQLITE_CORRUPT}. */
    public static final int SQLITE_CORRUPT = 11;
    /** {@code SQLITE_FULL}: the database or disk is full. */
    public static final int SQLITE_FULL = 13;
    /** {@code SQLITE_CANTOPEN}: the database file cannot be opened. */
    public static final int SQLITE_CANTOPEN = 14;
    /** {@code SQLITE_TOOBIG}: a string or blob exceeds the length limit. */
    public static final int SQLITE_TOOBIG = 18;
    /** {@code SQLITE_CONSTRAINT}: a constraint was violated. */
    public static final int SQLITE_CONSTRAINT = 19;
    /** {@code SQLITE_MISMATCH}: a value of the wrong type. */
    public static final int SQLITE_MISMATCH = 20;
    /** {@code SQLITE_MISUSE}: the API was used incorrectly, for instance after close. */
    public static final int SQLITE_MISUSE = 21;
    /** {@code SQLITE_AUTH}: the authorizer denied the statement. */
    public static final int SQLITE_AUTH = 23;
    /** {@code SQLITE_RANGE}: a parameter index out of range, or a wrong number of parameters. */
    public static final int SQLITE_RANGE = 25;
    /** {@code SQLITE_NOTADB}: the file is not a database. */
    public static final int SQLITE_NOTADB = 26;

    private static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry(0, "SQLITE_OK"), Map.entry(1, "SQLITE_ERROR"), Map.entry(2, "SQLITE_INTERNAL"),
            Map.entry(3, "SQLITE_PERM"), Map.entry(4, "SQLITE_ABORT"), Map.entry(5, "SQLITE_BUSY"),
            Map.entry(6, "SQLITE_LOCKED"), Map.entry(7, "SQLITE_NOMEM"), Map.entry(8, "SQLITE_READONLY"),
            Map.entry(9, "SQLITE_INTERRUPT"), Map.entry(10, "SQLITE_IOERR"), Map.entry(11, "SQLITE_CORRUPT"),
            Map.entry(12, "SQLITE_NOTFOUND"), Map.entry(13, "SQLITE_FULL"), Map.entry(14, "SQLITE_CANTOPEN"),
            Map.entry(15, "SQLITE_PROTOCOL"), Map.entry(16, "SQLITE_EMPTY"), Map.entry(17, "SQLITE_SCHEMA"),
            Map.entry(18, "SQLITE_TOOBIG"), Map.entry(19, "SQLITE_CONSTRAINT"), Map.entry(20, "SQLITE_MISMATCH"),
            Map.entry(21, "SQLITE_MISUSE"), Map.entry(22, "SQLITE_NOLFS"), Map.entry(23, "SQLITE_AUTH"),
            Map.entry(24, "SQLITE_FORMAT"), Map.entry(25, "SQLITE_RANGE"), Map.entry(26, "SQLITE_NOTADB"),
            Map.entry(27, "SQLITE_NOTICE"), Map.entry(28, "SQLITE_WARNING"),
            Map.entry(261, "SQLITE_BUSY_RECOVERY"), Map.entry(517, "SQLITE_BUSY_SNAPSHOT"),
            Map.entry(773, "SQLITE_BUSY_TIMEOUT"), Map.entry(262, "SQLITE_LOCKED_SHAREDCACHE"),
            Map.entry(264, "SQLITE_READONLY_RECOVERY"), Map.entry(520, "SQLITE_READONLY_CANTLOCK"),
            Map.entry(776, "SQLITE_READONLY_ROLLBACK"), Map.entry(1032, "SQLITE_READONLY_DBMOVED"),
            Map.entry(1288, "SQLITE_READONLY_CANTINIT"), Map.entry(1544, "SQLITE_READONLY_DIRECTORY"),
            Map.entry(266, "SQLITE_IOERR_READ"), Map.entry(778, "SQLITE_IOERR_WRITE"),
            Map.entry(1034, "SQLITE_IOERR_FSYNC"), Map.entry(3338, "SQLITE_IOERR_ACCESS"),
            Map.entry(2570, "SQLITE_IOERR_DELETE"), Map.entry(1290, "SQLITE_IOERR_FSTAT"),
            Map.entry(270, "SQLITE_CANTOPEN_NOTEMPDIR"), Map.entry(526, "SQLITE_CANTOPEN_ISDIR"),
            Map.entry(782, "SQLITE_CANTOPEN_FULLPATH"), Map.entry(275, "SQLITE_CONSTRAINT_CHECK"),
            Map.entry(531, "SQLITE_CONSTRAINT_COMMITHOOK"), Map.entry(787, "SQLITE_CONSTRAINT_FOREIGNKEY"),
            Map.entry(1043, "SQLITE_CONSTRAINT_FUNCTION"), Map.entry(1299, "SQLITE_CONSTRAINT_NOTNULL"),
            Map.entry(1555, "SQLITE_CONSTRAINT_PRIMARYKEY"), Map.entry(1811, "SQLITE_CONSTRAINT_TRIGGER"),
            Map.entry(2067, "SQLITE_CONSTRAINT_UNIQUE"), Map.entry(2323, "SQLITE_CONSTRAINT_VTAB"),
            Map.entry(2579, "SQLITE_CONSTRAINT_ROWID"), Map.entry(2835, "SQLITE_CONSTRAINT_PINNED"),
            Map.entry(3091, "SQLITE_CONSTRAINT_DATATYPE"), Map.entry(267, "SQLITE_CORRUPT_VTAB"),
            Map.entry(516, "SQLITE_ABORT_ROLLBACK"), Map.entry(279, "SQLITE_AUTH_USER"));

    private final int resultCode;
    private final int extendedResultCode;
    private final String sql;

    /**
     * Creates an exception.
     *
     * @param message what went wrong; SQLite's own message where there is one
     * @param extendedResultCode SQLite's extended result code (a primary code is fine too)
     * @param sql the SQL that failed, or {@code null}
     * @param cause the underlying cause, or {@code null}
     */
    public SqliteException(String message, int extendedResultCode, String sql, Throwable cause) {
        super(message, cause);
        this.extendedResultCode = extendedResultCode;
        this.resultCode = extendedResultCode & 0xFF;
        this.sql = sql;
    }

    /**
     * SQLite's primary result code, such as {@link #SQLITE_CONSTRAINT}.
     *
     * @return the primary result code
     */
    public int resultCode() {
        return resultCode;
    }

    /**
     * SQLite's extended result code, such as 2067 for {@code SQLITE_CONSTRAINT_UNIQUE}; equal to
     * {@link #resultCode()} when SQLite gave no extended code.
     *
     * @return the extended result code
     */
    public int extendedResultCode() {
        return extendedResultCode;
    }

    /**
     * The symbolic name of the extended result code, such as {@code SQLITE_CONSTRAINT_UNIQUE},
     * falling back to the primary code's name.
     *
     * @return the name
     */
    public String resultCodeName() {
        return codeName(extendedResultCode);
    }

    /**
     * The SQL text whose execution failed.
     *
     * @return the SQL, or {@code null} when the error did not come from a statement
     */
    public String sql() {
        return sql;
    }

    /**
     * The symbolic name of a result code.
     *
     * @param code a primary or extended result code
     * @return its name, such as {@code SQLITE_BUSY}, or {@code SQLITE_<code>} when unknown
     */
    public static String codeName(int code) {
        String name = NAMES.get(code);
        if (name == null) {
            name = NAMES.get(code & 0xFF);
        }
        return name != null ? name : "SQLITE_" + code;
    }
}
