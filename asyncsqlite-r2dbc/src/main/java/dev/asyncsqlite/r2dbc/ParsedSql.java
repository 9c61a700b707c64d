package dev.asyncsqlite.r2dbc;

import dev.asyncsqlite.internal.session.SqlText;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * SQL text split into its statements, with one numbering of the parameters of them all: the
 * parameters of the first statement come first, then those of the second, and so on. A named
 * parameter ({@code :id}, {@code @id}, {@code $id}, {@code ?3}) is found by its full name and,
 * for the first three, by the name without its prefix.
 */
final class ParsedSql {
    /** One statement and where its parameters start in the numbering. */
    static final class Part {
        final SqlText text;
        final int offset;

        Part(SqlText text, int offset) {
            this.text = text;
            this.offset = offset;
        }

        int parameterCount() {
            return text.parameterCount();
        }
    }

    private final String sql;
    private final List<Part> parts;
    private final int parameterCount;
    private final Map<String, List<Integer>> byName;

    private ParsedSql(String sql, List<Part> parts, int parameterCount, Map<String, List<Integer>> byName) {
        this.sql = sql;
        this.parts = parts;
        this.parameterCount = parameterCount;
        this.byName = byName;
    }

    /**
     * Splits and reads SQL text.
     *
     * @throws IllegalArgumentException if the text holds no statement
     */
    static ParsedSql parse(String sql) {
        List<Part> parts = new ArrayList<>();
        Map<String, List<Integer>> byName = new HashMap<>();
        int offset = 0;
        String rest = sql;
        while (true) {
            SqlText text = SqlText.parse(rest);
            if (text.isEmpty()) {
                break;
            }
            if (text.hasTrailingStatements()) {
                int end = text.firstStatementEnd();
                text = SqlText.parse(rest.substring(0, end));
                rest = rest.substring(end);
            } else {
                rest = "";
            }
            for (int i = 1; i <= text.parameterCount(); i++) {
                String name = text.parameterName(i);
                if (name != null) {
                    byName.computeIfAbsent(name, k -> new ArrayList<>()).add(offset + i - 1);
                    if (name.charAt(0) != '?') {
                        byName.computeIfAbsent(name.substring(1), k -> new ArrayList<>()).add(offset + i - 1);
                    }
                }
            }
            parts.add(new Part(text, offset));
            offset += text.parameterCount();
            if (rest.isEmpty()) {
                break;
            }
        }
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("the SQL text holds no statement: \"" + sql + "\"");
        }
        return new ParsedSql(sql, List.copyOf(parts), offset, byName);
    }

    String sql() {
        return sql;
    }

    List<Part> parts() {
        return parts;
    }

    int parameterCount() {
        return parameterCount;
    }

    /** The zero-based positions a name binds, empty when no parameter has it. */
    List<Integer> positionsOf(String name) {
        return byName.getOrDefault(name, Collections.emptyList());
    }
}
