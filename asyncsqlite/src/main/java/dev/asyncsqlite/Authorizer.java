package dev.asyncsqlite;

/**
 * Decides whether a statement being compiled may perform an action: {@code set_authorizer}.
 * The sqlite-jdbc engine cannot install one; see {@link Connection#setAuthorizer(Authorizer)}.
 */
@FunctionalInterface
public interface Authorizer {
    /** Allow the action. */
    int SQLITE_OK = 0;
    /** Reject the whole statement with an error. */
    int SQLITE_DENY = 1;
    /** Treat the column as NULL or skip the action. */
    int SQLITE_IGNORE = 2;

    /**
     * Judges one action.
     *
     * @param action the action code, such as 21 for {@code SQLITE_SELECT}
     * @param arg1 the first detail, or {@code null}
     * @param arg2 the second detail, or {@code null}
     * @param database the schema, or {@code null}
     * @param trigger the innermost trigger or view, or {@code null}
     * @return {@link #SQLITE_OK}, {@link #SQLITE_DENY} or {@link #SQLITE_IGNORE}
     */
    int authorize(int action, String arg1, String arg2, String database, String trigger);
}
