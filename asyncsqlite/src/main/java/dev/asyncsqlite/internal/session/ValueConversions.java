package dev.asyncsqlite.internal.session;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.UUID;

/** The conversions {@link dev.asyncsqlite.Row#get(String, Class)} documents. */
final class ValueConversions {
    private ValueConversions() {
    }

    @SuppressWarnings("unchecked")
    static <T> T convert(Object value, Class<T> type, String column) {
        if (value == null) {
            return null;
        }
        if (type == Object.class) {
            return (T) (value instanceof byte[] ? ((byte[]) value).clone() : value);
        }
        try {
            Object converted = convertNonNull(value, type);
            if (converted != null) {
                return (T) converted;
            }
        } catch (ArithmeticException | NumberFormatException | DateTimeParseException e) {
            throw fail(value, type, column, e.getMessage());
        }
        throw fail(value, type, column, null);
    }

    private static Object convertNonNull(Object value, Class<?> type) {
        if (type == Long.class || type == long.class) {
            return value instanceof Long ? value : value instanceof Double ? exactLong((Double) value) : null;
        }
        if (type == Integer.class || type == int.class) {
            return value instanceof Long ? Math.toIntExact((Long) value)
                    : value instanceof Double ? Math.toIntExact(exactLong((Double) value)) : null;
        }
        if (type == Short.class || type == short.class) {
            Long l = value instanceof Long ? (Long) value : value instanceof Double ? exactLong((Double) value) : null;
            if (l == null) {
                return null;
            }
            if (l != l.shortValue()) {
                throw new ArithmeticException("short overflow");
            }
            return l.shortValue();
        }
        if (type == Byte.class || type == byte.class) {
            Long l = value instanceof Long ? (Long) value : value instanceof Double ? exactLong((Double) value) : null;
            if (l == null) {
                return null;
            }
            if (l != l.byteValue()) {
                throw new ArithmeticException("byte overflow");
            }
            return l.byteValue();
        }
        if (type == Double.class || type == double.class) {
            return value instanceof Number ? ((Number) value).doubleValue() : null;
        }
        if (type == Float.class || type == float.class) {
            return value instanceof Number ? ((Number) value).floatValue() : null;
        }
        if (type == BigDecimal.class) {
            return value instanceof Long ? BigDecimal.valueOf((Long) value)
                    : value instanceof Double ? BigDecimal.valueOf((Double) value)
                    : value instanceof String ? new BigDecimal((String) value) : null;
        }
        if (type == Boolean.class || type == boolean.class) {
            return value instanceof Long ? (Long) value != 0 : null;
        }
        if (type == String.class) {
            return value instanceof byte[] ? new String((byte[]) value, StandardCharsets.UTF_8) : value.toString();
        }
        if (type == byte[].class) {
            return value instanceof byte[] ? ((byte[]) value).clone()
                    : value instanceof String ? ((String) value).getBytes(StandardCharsets.UTF_8) : null;
        }
        if (type == UUID.class) {
            if (value instanceof String) {
                return UUID.fromString((String) value);
            }
            if (value instanceof byte[] && ((byte[]) value).length == 16) {
                ByteBuffer b = ByteBuffer.wrap((byte[]) value);
                return new UUID(b.getLong(), b.getLong());
            }
            return null;
        }
        if (type == LocalDate.class) {
            return value instanceof String ? LocalDate.parse((String) value) : null;
        }
        if (type == LocalTime.class) {
            return value instanceof String ? LocalTime.parse((String) value) : null;
        }
        if (type == LocalDateTime.class) {
            return value instanceof String ? SqliteTime.localDateTime((String) value) : null;
        }
        if (type == OffsetDateTime.class) {
            return value instanceof String ? SqliteTime.offsetDateTime((String) value) : null;
        }
        if (type == Instant.class) {
            return value instanceof String ? SqliteTime.offsetDateTime((String) value).toInstant()
                    : value instanceof Long ? Instant.ofEpochSecond((Long) value) : null;
        }
        if (type.isInstance(value)) {
            return value;
        }
        return null;
    }

    private static long exactLong(double d) {
        long l = (long) d;
        if (l != d) {
            throw new ArithmeticException(d + " is not a whole number");
        }
        return l;
    }

    private static ClassCastException fail(Object value, Class<?> type, String column, String detail) {
        return new ClassCastException("column '" + column + "': cannot convert " + value.getClass().getSimpleName()
                + " value " + preview(value) + " to " + type.getName() + (detail == null ? "" : " (" + detail + ")"));
    }

    private static String preview(Object value) {
        if (value instanceof byte[]) {
            return "(" + ((byte[]) value).length + " bytes)";
        }
        String s = value instanceof String ? "'" + value + "'" : String.valueOf(value);
        return s.length() > 60 ? s.substring(0, 60) + "..." : s;
    }
}
