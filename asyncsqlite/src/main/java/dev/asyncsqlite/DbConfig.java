package dev.asyncsqlite;

/**
 * Connection settings of {@code sqlite3_db_config}, for {@link Connection#getConfig} and
 * {@link Connection#setConfig}. Only the native engine can change them.
 */
public enum DbConfig {
    /** {@code SQLITE_DBCONFIG_ENABLE_FKEY}: enforce foreign keys. */
    ENABLE_FKEY(1002),
    /** {@code SQLITE_DBCONFIG_ENABLE_TRIGGER}: run triggers. */
    ENABLE_TRIGGER(1003),
    /** {@code SQLITE_DBCONFIG_ENABLE_VIEW}: allow views. */
    ENABLE_VIEW(1015),
    /** {@code SQLITE_DBCONFIG_DEFENSIVE}: forbid SQL that can corrupt the database file. */
    DEFENSIVE(1010),
    /** {@code SQLITE_DBCONFIG_TRUSTED_SCHEMA}: let the schema call SQL functions freely. */
    TRUSTED_SCHEMA(1017);

    private final int code;

    DbConfig(int code) {
        this.code = code;
    }

    /**
     * SQLite's number for the setting ({@code SQLITE_DBCONFIG_*}).
     *
     * @return the code
     */
    public int code() {
        return code;
    }
}
