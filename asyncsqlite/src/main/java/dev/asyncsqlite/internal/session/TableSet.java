package dev.asyncsqlite.internal.session;

import java.util.Set;

/**
 * The tables a statement reads or writes, as SQLite reported them, each as a {@link #key} of its
 * schema and name. Immutable.
 *
 * @param keys the tables that could be named
 * @param unknown whether the statement also uses something that could not be named (a virtual
 *     table, a root page missing from the schema), so that any change may concern it
 */
record TableSet(Set<String> keys, boolean unknown) {
    /** Uses nothing a change could concern. */
    static final TableSet NONE = new TableSet(Set.of(), false);
    /** Uses something unknown. */
    static final TableSet UNKNOWN = new TableSet(Set.of(), true);

    /**
     * The key of a table: its schema and name, lower-case as SQLite compares them (ASCII letters
     * only; SQLite's identifiers ignore the case of no other letters).
     *
     * @param schema {@code main}, {@code temp} or an attached name
     * @param table the table
     * @return {@code schema.table}, lower-case
     */
    static String key(String schema, String table) {
        return lowerAscii(schema) + '.' + lowerAscii(table);
    }

    private static String lowerAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                char[] chars = s.toCharArray();
                for (int j = i; j < chars.length; j++) {
                    if (chars[j] >= 'A' && chars[j] <= 'Z') {
                        chars[j] += 'a' - 'A';
                    }
                }
                return new String(chars);
            }
        }
        return s;
    }
}
