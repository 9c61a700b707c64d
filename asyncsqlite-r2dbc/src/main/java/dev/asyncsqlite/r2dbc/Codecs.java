package dev.asyncsqlite.r2dbc;

import dev.asyncsqlite.internal.session.SqliteTime;
import io.r2dbc.spi.Blob;
import io.r2dbc.spi.Clob;
import io.r2dbc.spi.Parameter;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Java values to SQLite's five storage classes and back.
 *
 * <p>Bound values become {@code null}, {@link Long}, {@link Double}, {@link String} or
 * {@code byte[]}; dates and times become ISO-8601 text, which SQLite's date functions read.
 * A column's value comes back by its declared type, as sqlite-jdbc does: an integer of a column
 * not declared {@code BIGINT}/{@code INT8} (or of no declared type) is an {@link Integer} when it
 * fits and a {@link Long} otherwise, a {@code BOOLEAN} column's a {@link Boolean}, a blob a {@link ByteBuffer}, text a
 * {@link String}, a real a {@link Double}.
 */
final class Codecs {
    private static final int LOB_CHUNK = 8192;

    private Codecs() {
    }

    // ---- binding ---------------------------------------------------------------------------

    /**
     * Checks and converts a bound value; blobs and clobs stay as they are until
     * {@link #resolve} reads them.
     *
     * @throws IllegalArgumentException for a type SQLite cannot store
     */
    static Object encode(Object value) {
        if (value instanceof Parameter) {
            Object inner = ((Parameter) value).getValue();
            return inner == null ? null : encode(inner);
        }
        if (value == null || value instanceof Long || value instanceof Double || value instanceof String
                || value instanceof byte[] || value instanceof Blob || value instanceof Clob) {
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
        if (value instanceof BigInteger) {
            BigInteger big = (BigInteger) value;
            return big.bitLength() < 64 ? (Object) big.longValue() : big.toString();
        }
        if (value instanceof BigDecimal) {
            return ((BigDecimal) value).toPlainString();
        }
        if (value instanceof ByteBuffer) {
            ByteBuffer buffer = ((ByteBuffer) value).duplicate();
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        }
        if (value instanceof Character || value instanceof CharSequence || value instanceof UUID) {
            return value.toString();
        }
        if (value instanceof Enum) {
            return ((Enum<?>) value).name();
        }
        if (value instanceof LocalDate || value instanceof LocalTime || value instanceof LocalDateTime
                || value instanceof OffsetDateTime || value instanceof Instant) {
            return value.toString();
        }
        if (value instanceof ZonedDateTime) {
            return ((ZonedDateTime) value).toOffsetDateTime().toString();
        }
        throw new IllegalArgumentException("SQLite cannot store a value of type " + value.getClass().getName()
                + " (bind a number, String, byte[], ByteBuffer, Boolean, BigDecimal, a date or time, UUID, enum, Blob or Clob)");
    }

    /** Reads the blobs and clobs among bound values into bytes and text. */
    static Mono<Object[]> resolve(Object[] values) {
        List<Mono<?>> reads = null;
        for (int i = 0; i < values.length; i++) {
            Object v = values[i];
            int at = i;
            Mono<?> read = null;
            if (v instanceof Blob) {
                read = Flux.from(((Blob) v).stream())
                        .collect(java.io.ByteArrayOutputStream::new, (out, buffer) -> {
                            ByteBuffer b = buffer.duplicate();
                            byte[] chunk = new byte[b.remaining()];
                            b.get(chunk);
                            out.write(chunk, 0, chunk.length);
                        })
                        .doOnNext(out -> values[at] = out.toByteArray());
            } else if (v instanceof Clob) {
                read = Flux.from(((Clob) v).stream())
                        .collect(StringBuilder::new, StringBuilder::append)
                        .doOnNext(text -> values[at] = text.toString());
            }
            if (read != null) {
                if (reads == null) {
                    reads = new ArrayList<>();
                }
                reads.add(read);
            }
        }
        return reads == null ? Mono.just(values) : Flux.concat(reads).then(Mono.just(values));
    }

    // ---- reading ---------------------------------------------------------------------------

    /** The Java type a column's values come back as when no type is asked for. */
    static Class<?> javaType(String declaredType) {
        String t = declaredType == null ? "" : declaredType.toUpperCase(Locale.ROOT);
        if (t.isEmpty()) {
            return Object.class;
        }
        if (t.contains("BOOL")) {
            return Boolean.class;
        }
        if (t.contains("BIGINT") || t.contains("INT8")) {
            return Long.class;
        }
        // SQLite's affinity rules, in their order: INT, then CHAR/CLOB/TEXT, BLOB, REAL/FLOA/DOUB.
        if (t.contains("INT")) {
            return Integer.class;
        }
        if (t.contains("CHAR") || t.contains("CLOB") || t.contains("TEXT")) {
            return String.class;
        }
        if (t.contains("BLOB")) {
            return ByteBuffer.class;
        }
        if (t.contains("REAL") || t.contains("FLOA") || t.contains("DOUB")) {
            return Double.class;
        }
        if (t.contains("DEC") || t.contains("NUMERIC")) {
            return BigDecimal.class;
        }
        return Object.class;
    }

    /**
     * Converts a stored value to what a reader asked for.
     *
     * @param raw {@code null}, {@link Long}, {@link Double}, {@link String} or {@code byte[]}
     * @param columnType the column's Java type, {@link #javaType} of its declared type
     * @param type what was asked for; {@code Object.class} for the column's default
     * @param column the column, for messages
     * @throws IllegalArgumentException if the value cannot become {@code type}
     */
    @SuppressWarnings("unchecked")
    static <T> T decode(Object raw, Class<?> columnType, Class<T> type, String column) {
        if (raw == null) {
            if (type.isPrimitive()) {
                throw new IllegalArgumentException("column " + column + " is NULL, which a " + type + " cannot hold");
            }
            return null;
        }
        Class<?> wanted = type == Object.class ? columnType : box(type);
        if (type == Object.class && wanted == Integer.class && raw instanceof Long && (Long) raw != ((Long) raw).intValue()) {
            // An INTEGER column holds 64 bits: a value too big for an int comes back as a Long.
            wanted = Long.class;
        }
        if (type == Object.class && wanted == Object.class && raw instanceof Long && (Long) raw == ((Long) raw).intValue()) {
            // No declared type (an expression, or a dqlite result, which carries none): an
            // integer that fits is an Integer, as sqlite-jdbc's getObject gives it.
            return (T) (Object) ((Long) raw).intValue();
        }
        Object value;
        try {
            value = convert(raw, wanted);
            if (value == null && type == Object.class) {
                // SQLite stores any value in any column: what the declared type cannot hold
                // comes back as it is stored.
                value = convert(raw, Object.class);
            }
        } catch (ArithmeticException | NumberFormatException | DateTimeParseException e) {
            if (type == Object.class) {
                @SuppressWarnings("unchecked")
                T stored = (T) convert(raw, Object.class);
                return stored;
            }
            throw new IllegalArgumentException("cannot read column " + column + " (" + describe(raw) + ") as "
                    + wanted.getName() + ": " + e.getMessage(), e);
        }
        if (value == null) {
            throw new IllegalArgumentException("cannot read column " + column + " (" + describe(raw) + ") as "
                    + wanted.getName());
        }
        @SuppressWarnings("unchecked")
        T result = (T) value;
        return result;
    }

    private static String describe(Object raw) {
        if (raw instanceof byte[]) {
            return "a blob of " + ((byte[]) raw).length + " bytes";
        }
        return raw.getClass().getSimpleName() + " " + raw;
    }

    // null when the conversion does not exist.
    private static Object convert(Object raw, Class<?> wanted) {
        if (wanted == Object.class) {
            return raw instanceof byte[] ? ByteBuffer.wrap((byte[]) raw) : raw;
        }
        if (wanted.isInstance(raw)) {
            return raw;
        }
        if (wanted == Integer.class) {
            return Math.toIntExact(asLong(raw));
        }
        if (wanted == Long.class) {
            return asLong(raw);
        }
        if (wanted == Short.class) {
            long v = asLong(raw);
            if (v != (short) v) {
                throw new ArithmeticException("short overflow: " + v);
            }
            return (short) v;
        }
        if (wanted == Byte.class) {
            long v = asLong(raw);
            if (v != (byte) v) {
                throw new ArithmeticException("byte overflow: " + v);
            }
            return (byte) v;
        }
        if (wanted == Double.class) {
            return raw instanceof Number ? ((Number) raw).doubleValue() : raw instanceof String ? Double.parseDouble((String) raw) : null;
        }
        if (wanted == Float.class) {
            return raw instanceof Number ? ((Number) raw).floatValue() : raw instanceof String ? Float.parseFloat((String) raw) : null;
        }
        if (wanted == Boolean.class) {
            if (raw instanceof Number) {
                return ((Number) raw).doubleValue() != 0;
            }
            if (raw instanceof String) {
                String s = ((String) raw).trim();
                return s.equalsIgnoreCase("true") || s.equals("1") ? Boolean.TRUE : s.equalsIgnoreCase("false") || s.equals("0") ? Boolean.FALSE : null;
            }
            return null;
        }
        if (wanted == BigDecimal.class) {
            if (raw instanceof Long) {
                return BigDecimal.valueOf((Long) raw);
            }
            if (raw instanceof Double) {
                return BigDecimal.valueOf((Double) raw);
            }
            return raw instanceof String ? new BigDecimal(((String) raw).trim()) : null;
        }
        if (wanted == BigInteger.class) {
            return raw instanceof String ? new BigInteger(((String) raw).trim()) : BigInteger.valueOf(asLong(raw));
        }
        if (wanted == String.class) {
            return raw instanceof byte[] ? new String((byte[]) raw, StandardCharsets.UTF_8) : raw.toString();
        }
        if (wanted == byte[].class) {
            return raw instanceof String ? ((String) raw).getBytes(StandardCharsets.UTF_8) : null;
        }
        if (wanted == ByteBuffer.class) {
            return raw instanceof byte[] ? ByteBuffer.wrap((byte[]) raw)
                    : raw instanceof String ? ByteBuffer.wrap(((String) raw).getBytes(StandardCharsets.UTF_8)) : null;
        }
        if (wanted == Blob.class) {
            byte[] bytes = raw instanceof byte[] ? (byte[]) raw : raw.toString().getBytes(StandardCharsets.UTF_8);
            return Blob.from(Flux.range(0, Math.max(1, (bytes.length + LOB_CHUNK - 1) / LOB_CHUNK))
                    .map(i -> ByteBuffer.wrap(bytes, i * LOB_CHUNK, Math.min(LOB_CHUNK, bytes.length - i * LOB_CHUNK)).slice()));
        }
        if (wanted == Clob.class) {
            String text = raw instanceof byte[] ? new String((byte[]) raw, StandardCharsets.UTF_8) : raw.toString();
            return Clob.from(Flux.range(0, Math.max(1, (text.length() + LOB_CHUNK - 1) / LOB_CHUNK))
                    .map(i -> text.substring(i * LOB_CHUNK, Math.min(text.length(), (i + 1) * LOB_CHUNK))));
        }
        if (wanted == UUID.class) {
            return raw instanceof String ? UUID.fromString((String) raw) : null;
        }
        if (wanted.isEnum() && raw instanceof String) {
            for (Object constant : wanted.getEnumConstants()) {
                if (((Enum<?>) constant).name().equals(raw)) {
                    return constant;
                }
            }
            throw new NumberFormatException("no constant " + raw + " in " + wanted.getName());
        }
        if (raw instanceof String) {
            return temporal((String) raw, wanted);
        }
        return null;
    }

    private static Object temporal(String text, Class<?> wanted) {
        String s = text.trim();
        if (wanted == LocalDate.class) {
            return LocalDate.parse(s.length() > 10 ? s.substring(0, 10) : s);
        }
        if (wanted == LocalTime.class) {
            return LocalTime.parse(s);
        }
        // SQLite's date functions read a value without a zone as UTC.
        if (wanted == LocalDateTime.class) {
            return SqliteTime.localDateTime(s);
        }
        if (wanted == OffsetDateTime.class) {
            return SqliteTime.offsetDateTime(s);
        }
        if (wanted == Instant.class) {
            return SqliteTime.offsetDateTime(s).toInstant();
        }
        return null;
    }

    private static long asLong(Object raw) {
        if (raw instanceof Long) {
            return (Long) raw;
        }
        if (raw instanceof Double) {
            double d = (Double) raw;
            if (d != Math.rint(d) || d < Long.MIN_VALUE || d > Long.MAX_VALUE) {
                throw new ArithmeticException("not a whole number: " + d);
            }
            return (long) d;
        }
        if (raw instanceof String) {
            return Long.parseLong(((String) raw).trim());
        }
        throw new NumberFormatException("a blob is not a number");
    }

    private static Class<?> box(Class<?> type) {
        if (!type.isPrimitive()) {
            return type;
        }
        if (type == int.class) {
            return Integer.class;
        }
        if (type == long.class) {
            return Long.class;
        }
        if (type == double.class) {
            return Double.class;
        }
        if (type == boolean.class) {
            return Boolean.class;
        }
        if (type == float.class) {
            return Float.class;
        }
        if (type == short.class) {
            return Short.class;
        }
        if (type == byte.class) {
            return Byte.class;
        }
        throw new IllegalArgumentException("cannot read a column as " + type);
    }
}
