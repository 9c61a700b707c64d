package dev.asyncsqlite.internal.session;

import dev.asyncsqlite.SqliteException;
import dev.asyncsqlite.internal.engine.SqliteErrors;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * Converts parameter values to the five types SQLite stores ({@code null}, {@link Long},
 * {@link Double}, {@link String}, {@code byte[]}): the built-in adapters plus the user's.
 * Immutable and safe from any thread.
 */
public final class ParameterAdapters {
    private final Map<Class<?>, Function<Object, Object>> custom;

    /**
     * Creates the adapters.
     *
     * @param custom the user's adapters by exact class; they take precedence
     */
    public ParameterAdapters(Map<Class<?>, Function<Object, Object>> custom) {
        this.custom = Map.copyOf(custom);
    }

    /**
     * Converts positional parameters for a statement.
     *
     * @param text the statement
     * @param params the values
     * @return the SQLite values, one per parameter
     * @throws SqliteException a {@link dev.asyncsqlite.ParameterBindingException} if the count or
     *     a type is wrong
     */
    public Object[] bind(SqlText text, Object[] params) {
        int expected = text.parameterCount();
        if (params.length != expected) {
            throw SqliteErrors.wrongParameterCount(expected, params.length, text.sql());
        }
        Object[] values = new Object[expected];
        for (int i = 0; i < expected; i++) {
            values[i] = toSqlite(params[i], i + 1, text.sql());
        }
        return values;
    }

    /**
     * Converts named parameters for a statement, as {@code sqlite3} does with a mapping.
     *
     * @param text the statement
     * @param params values by name, without the prefix character
     * @return the SQLite values, one per parameter
     * @throws SqliteException a {@link dev.asyncsqlite.ParameterBindingException} if a name is
     *     missing, a parameter has no name, or a type is wrong
     */
    public Object[] bind(SqlText text, Map<String, ?> params) {
        int count = text.parameterCount();
        Object[] values = new Object[count];
        for (int i = 1; i <= count; i++) {
            String name = text.parameterName(i);
            if (name == null) {
                throw SqliteErrors.badNamedParameter("Binding " + i
                        + " has no name, but you supplied a map (which has only names)", text.sql());
            }
            String key = name.substring(1);
            if (!params.containsKey(key)) {
                throw SqliteErrors.badNamedParameter("You did not supply a value for binding parameter " + name, text.sql());
            }
            values[i - 1] = toSqlite(params.get(key), i, text.sql());
        }
        return values;
    }

    /**
     * Converts one parameter set of {@code executeMany}: an {@code Object[]}, a {@link List} or
     * a {@link Map}.
     *
     * @param text the statement
     * @param set the parameter set
     * @return the SQLite values
     * @throws SqliteException if the set is of another type or does not fit
     */
    @SuppressWarnings("unchecked")
    public Object[] bindSet(SqlText text, Object set) {
        if (set instanceof Object[]) {
            return bind(text, (Object[]) set);
        }
        if (set instanceof List) {
            return bind(text, ((List<?>) set).toArray());
        }
        if (set instanceof Map) {
            return bind(text, (Map<String, ?>) set);
        }
        throw SqliteErrors.unsupportedParameter("a parameter set must be an Object[], a List or a Map, not "
                + (set == null ? "null" : set.getClass().getName()), text.sql(), null);
    }

    /**
     * Converts one value.
     *
     * @param value the value
     * @param position its one-based position, for the error message
     * @param sql the statement, for the error message
     * @return the SQLite value
     */
    public Object toSqlite(Object value, int position, String sql) {
        if (value == null) {
            return null;
        }
        if (!custom.isEmpty()) {
            Function<Object, Object> adapter = custom.get(value.getClass());
            if (adapter != null) {
                Object adapted;
                try {
                    adapted = adapter.apply(value);
                } catch (RuntimeException e) {
                    throw SqliteErrors.unsupportedParameter("Error binding parameter " + position + ": the adapter for "
                            + value.getClass().getName() + " failed: " + e, sql, e);
                }
                if (adapted instanceof String) {
                    return checkText((String) adapted, position, sql);
                }
                if (adapted == null || adapted instanceof Long || adapted instanceof Double || adapted instanceof byte[]) {
                    return adapted;
                }
                if (adapted instanceof Integer) {
                    return ((Integer) adapted).longValue();
                }
                throw SqliteErrors.unsupportedParameter("Error binding parameter " + position + ": the adapter for "
                        + value.getClass().getName() + " returned " + adapted.getClass().getName()
                        + " (expected null, Long, Integer, Double, String or byte[])", sql, null);
            }
        }
        if (value instanceof String) {
            return checkText((String) value, position, sql);
        }
        if (value instanceof Long || value instanceof Double || value instanceof byte[]) {
            return value;
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof Boolean) {
            return (Boolean) value ? 1L : 0L;
        }
        if (value instanceof Float) {
            return ((Float) value).doubleValue();
        }
        if (value instanceof Character) {
            return checkText(value.toString(), position, sql);
        }
        if (value instanceof BigDecimal) {
            BigDecimal d = (BigDecimal) value;
            try {
                return d.longValueExact();
            } catch (ArithmeticException notAnExactLong) {
                return d.toString();
            }
        }
        if (value instanceof BigInteger) {
            BigInteger b = (BigInteger) value;
            return b.bitLength() < 64 ? (Object) b.longValue() : b.toString();
        }
        if (value instanceof UUID) {
            return value.toString();
        }
        if (value instanceof LocalDate) {
            return value.toString();
        }
        if (value instanceof LocalTime) {
            return DateTimeFormatter.ISO_LOCAL_TIME.format((LocalTime) value);
        }
        if (value instanceof LocalDateTime) {
            LocalDateTime t = (LocalDateTime) value;
            return t.toLocalDate() + " " + DateTimeFormatter.ISO_LOCAL_TIME.format(t.toLocalTime());
        }
        if (value instanceof Instant) {
            return DateTimeFormatter.ISO_INSTANT.format((Instant) value);
        }
        if (value instanceof OffsetDateTime) {
            return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format((OffsetDateTime) value);
        }
        if (value instanceof Enum) {
            return ((Enum<?>) value).name();
        }
        throw SqliteErrors.unsupportedParameter("Error binding parameter " + position + ": type '"
                + value.getClass().getName() + "' is not supported (add an adapter with ConnectOptions.Builder.adapter)", sql, null);
    }

    // UTF-8 cannot encode a lone surrogate; the encoder would silently store '?' instead.
    private static String checkText(String text, int position, String sql) {
        int at = unpairedSurrogate(text);
        if (at >= 0) {
            throw SqliteErrors.unsupportedParameter("Error binding parameter " + position
                    + ": the text has an unpaired surrogate (\\u" + Integer.toHexString(text.charAt(at)) + ") at index " + at
                    + ", which UTF-8 cannot encode", sql, null);
        }
        return text;
    }

    /**
     * Where UTF-8 could not encode a text: its first surrogate that is not half of a pair.
     *
     * @param text the text
     * @return the index, or -1 if every surrogate is paired
     */
    static int unpairedSurrogate(String text) {
        for (int i = 0, n = text.length(); i < n; i++) {
            char c = text.charAt(i);
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                } else {
                    return i;
                }
            }
        }
        return -1;
    }
}
