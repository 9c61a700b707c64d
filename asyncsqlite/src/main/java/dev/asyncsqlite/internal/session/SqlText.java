package dev.asyncsqlite.internal.session;

import dev.asyncsqlite.internal.engine.SqliteNames;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What asyncsqlite needs to know about a piece of SQL before SQLite sees it, read with SQLite's
 * own tokenizer rules: where the first statement ends (trigger bodies included, as
 * {@code sqlite3_complete} decides), whether anything follows it, its leading keyword, and its
 * parameters numbered exactly as SQLite numbers them ({@code ?}, {@code ?NNN}, {@code :name},
 * {@code @name}, {@code $name}, {@code #name}).
 *
 * <p>Immutable; safe to share between threads.
 */
public final class SqlText {
    // sqlite3_complete's token classes and transition table.
    private static final int T_SEMI = 0;
    private static final int T_WS = 1;
    private static final int T_OTHER = 2;
    private static final int T_EXPLAIN = 3;
    private static final int T_CREATE = 4;
    private static final int T_TEMP = 5;
    private static final int T_TRIGGER = 6;
    private static final int T_END = 7;
    private static final int[][] TRANSITIONS = {
        /* 0 INVALID */ {1, 0, 2, 3, 4, 2, 2, 2},
        /* 1 START   */ {1, 1, 2, 3, 4, 2, 2, 2},
        /* 2 NORMAL  */ {1, 2, 2, 2, 2, 2, 2, 2},
        /* 3 EXPLAIN */ {1, 3, 3, 2, 4, 2, 2, 2},
        /* 4 CREATE  */ {1, 4, 2, 2, 2, 4, 5, 2},
        /* 5 TRIGGER */ {6, 5, 5, 5, 5, 5, 5, 5},
        /* 6 SEMI    */ {6, 6, 5, 5, 5, 5, 5, 7},
        /* 7 END     */ {1, 7, 5, 5, 5, 5, 5, 5},
    };

    private final String sql;
    private final String keyword;
    private final boolean empty;
    private final boolean trailing;
    private final int parameterCount;
    private final String[] parameterNames;
    private final int firstEnd;
    private final String verb;

    private SqlText(String sql, String keyword, boolean empty, boolean trailing, int parameterCount, String[] names,
                    int firstEnd, String verb) {
        this.firstEnd = firstEnd;
        this.verb = verb;
        this.sql = sql;
        this.keyword = keyword;
        this.empty = empty;
        this.trailing = trailing;
        this.parameterCount = parameterCount;
        this.parameterNames = names;
    }

    /**
     * Reads SQL text.
     *
     * @param sql the text
     * @return what it holds
     */
    public static SqlText parse(String sql) {
        return new Scanner(sql).scan();
    }

    /**
     * The text as given.
     *
     * @return the SQL
     */
    public String sql() {
        return sql;
    }

    /**
     * The first keyword of the first statement, upper-case, or {@code ""} when there is none.
     *
     * @return the keyword
     */
    public String keyword() {
        return keyword;
    }

    /**
     * Whether the text holds no statement at all (only white space, comments and semicolons).
     *
     * @return true when empty
     */
    public boolean isEmpty() {
        return empty;
    }

    /**
     * Whether another statement follows the first one.
     *
     * @return true when more than one statement was given
     */
    public boolean hasTrailingStatements() {
        return trailing;
    }

    /**
     * Where the first statement ends: just past its terminating {@code ;}, or the end of the text.
     *
     * @return an offset into {@link #sql()}
     */
    public int firstStatementEnd() {
        return firstEnd;
    }

    /**
     * Whether the statement is an {@code INSERT}, {@code UPDATE}, {@code DELETE} or
     * {@code REPLACE}: the statements before which {@code sqlite3} opens a transaction.
     *
     * @return true for those
     */
    public boolean isDml() {
        switch (keyword) {
            case "INSERT":
            case "UPDATE":
            case "DELETE":
            case "REPLACE":
                return true;
            default:
                return false;
        }
    }

    /**
     * Whether the statement can be proven to only read: a {@code SELECT} or {@code VALUES},
     * possibly after {@code WITH} common table expressions. Everything else (including every
     * {@code PRAGMA}) counts as a possible write.
     *
     * @return true for a plain query
     */
    public boolean isReadOnlyQuery() {
        return verb.equals("SELECT") || verb.equals("VALUES");
    }

    /**
     * {@code sqlite3_bind_parameter_count} of the first statement.
     *
     * @return the largest parameter index
     */
    public int parameterCount() {
        return parameterCount;
    }

    /**
     * {@code sqlite3_bind_parameter_name}: the name with its prefix ({@code :id}, {@code ?2}),
     * or {@code null} for a plain {@code ?}.
     *
     * @param index one-based parameter index
     * @return the name, or {@code null}
     */
    public String parameterName(int index) {
        return parameterNames[index];
    }

    private static final class Scanner {
        private final String s;
        private final int n;
        private int pos;
        private String keyword = "";
        private boolean sawToken;
        private boolean firstDone;
        private boolean trailing;
        private int firstEnd = -1;
        private int depth;
        private String verb = "";
        private int parameterCount;
        private final Map<String, Integer> named = new HashMap<>();
        private final List<String> names = new ArrayList<>();

        Scanner(String s) {
            this.s = s;
            this.n = s.length();
        }

        SqlText scan() {
            int state = 0;
            names.add(null);
            while (pos < n) {
                int start = pos;
                int type = next();
                if (type == T_WS) {
                    continue;
                }
                if (firstDone) {
                    if (type != T_SEMI) {
                        trailing = true;
                        break;
                    }
                    continue;
                }
                if (type != T_SEMI && !sawToken) {
                    sawToken = true;
                    if (Character.isLetter(s.charAt(start)) || s.charAt(start) == '_') {
                        keyword = SqliteNames.upper(s.substring(start, pos));
                    }
                }
                int previous = state;
                state = TRANSITIONS[state][type];
                if (type == T_SEMI && state == 1 && previous != 1 && previous != 0 && sawToken) {
                    firstDone = true;
                    firstEnd = pos;
                }
            }
            String[] nameArray = new String[parameterCount + 1];
            for (int i = 1; i < names.size() && i <= parameterCount; i++) {
                nameArray[i] = names.get(i);
            }
            return new SqlText(s, keyword, !sawToken, trailing, parameterCount, nameArray, firstEnd < 0 ? n : firstEnd,
                    keyword.equals("WITH") ? verb : keyword);
        }

        // Consumes one token from pos and returns its sqlite3_complete class.
        private int next() {
            char c = s.charAt(pos);
            switch (c) {
                case ' ': case '\t': case '\n': case '\f': case '\r':
                    pos++;
                    return T_WS;
                case ';':
                    pos++;
                    return T_SEMI;
                case '-':
                    if (pos + 1 < n && s.charAt(pos + 1) == '-') {
                        int eol = s.indexOf('\n', pos);
                        pos = eol < 0 ? n : eol + 1;
                        return T_WS;
                    }
                    pos++;
                    return T_OTHER;
                case '/':
                    if (pos + 1 < n && s.charAt(pos + 1) == '*') {
                        int close = s.indexOf("*/", pos + 2);
                        pos = close < 0 ? n : close + 2;
                        return T_WS;
                    }
                    pos++;
                    return T_OTHER;
                case '\'':
                case '"':
                case '`':
                    quoted(c);
                    return T_OTHER;
                case '(':
                    depth++;
                    pos++;
                    return T_OTHER;
                case ')':
                    depth--;
                    pos++;
                    return T_OTHER;
                case '[':
                    int close = s.indexOf(']', pos + 1);
                    pos = close < 0 ? n : close + 1;
                    return T_OTHER;
                case '?':
                    pos++;
                    int digitsStart = pos;
                    while (pos < n && isDigit(s.charAt(pos))) {
                        pos++;
                    }
                    if (!firstDone) {
                        if (pos > digitsStart) {
                            numbered(s.substring(digitsStart, pos));
                        } else {
                            parameterCount++;
                            names.add(null);
                        }
                    }
                    return T_OTHER;
                case '$':
                case '@':
                case ':':
                case '#':
                    variable();
                    return T_OTHER;
                default:
                    if (isIdStart(c)) {
                        return word();
                    }
                    if ((c == 'x' || c == 'X') && pos + 1 < n && s.charAt(pos + 1) == '\'') {
                        pos++;
                        quoted('\'');
                        return T_OTHER;
                    }
                    pos++;
                    return T_OTHER;
            }
        }

        private void quoted(char quote) {
            pos++;
            while (pos < n) {
                char c = s.charAt(pos++);
                if (c == quote) {
                    if (pos < n && s.charAt(pos) == quote) {
                        pos++;
                    } else {
                        return;
                    }
                }
            }
        }

        private int word() {
            int start = pos;
            if ((s.charAt(pos) == 'x' || s.charAt(pos) == 'X') && pos + 1 < n && s.charAt(pos + 1) == '\'') {
                pos++;
                quoted('\'');
                return T_OTHER;
            }
            while (pos < n && isIdChar(s.charAt(pos))) {
                pos++;
            }
            if (isDigit(s.charAt(start))) {
                return T_OTHER;
            }
            String w = SqliteNames.upper(s.substring(start, pos));
            if (depth == 0 && !firstDone && verb.isEmpty()) {
                switch (w) {
                    case "SELECT":
                    case "VALUES":
                    case "INSERT":
                    case "UPDATE":
                    case "DELETE":
                    case "REPLACE":
                        verb = w;
                        break;
                    default:
                        break;
                }
            }
            switch (w) {
                case "EXPLAIN":
                    return T_EXPLAIN;
                case "CREATE":
                    return T_CREATE;
                case "TEMP":
                case "TEMPORARY":
                    return T_TEMP;
                case "TRIGGER":
                    return T_TRIGGER;
                case "END":
                    return T_END;
                default:
                    return T_OTHER;
            }
        }

        private void variable() {
            int start = pos;
            pos++;
            int idChars = 0;
            while (pos < n) {
                char c = s.charAt(pos);
                if (isIdChar(c)) {
                    idChars++;
                    pos++;
                } else if (c == '(' && idChars > 0) {
                    // Tcl-style $name(index)
                    while (pos < n && s.charAt(pos) != ')' && !Character.isWhitespace(s.charAt(pos))) {
                        pos++;
                    }
                    if (pos < n && s.charAt(pos) == ')') {
                        pos++;
                    }
                    break;
                } else if (c == ':' && pos + 1 < n && s.charAt(pos + 1) == ':') {
                    pos += 2;
                } else {
                    break;
                }
            }
            if (idChars == 0 || firstDone) {
                return;
            }
            String name = s.substring(start, pos);
            Integer index = named.get(name);
            if (index == null) {
                parameterCount++;
                named.put(name, parameterCount);
                setName(parameterCount, name);
            }
        }

        private void numbered(String digits) {
            int index;
            try {
                index = Integer.parseInt(digits);
            } catch (NumberFormatException e) {
                index = Integer.MAX_VALUE;
            }
            if (index < 1 || index > 250_000) {
                // SQLite rejects it when preparing; count it so the error comes from SQLite.
                return;
            }
            String name = "?" + digits;
            if (index > parameterCount) {
                parameterCount = index;
            }
            if (!named.containsKey(name)) {
                named.put(name, index);
                setName(index, name);
            }
        }

        private void setName(int index, String name) {
            while (names.size() <= index) {
                names.add(null);
            }
            if (names.get(index) == null) {
                names.set(index, name);
            }
        }

        private static boolean isDigit(char c) {
            return c >= '0' && c <= '9';
        }

        private static boolean isIdStart(char c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80 || isDigit(c);
        }

        private static boolean isIdChar(char c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$' || c >= 0x80 || isDigit(c);
        }
    }
}
