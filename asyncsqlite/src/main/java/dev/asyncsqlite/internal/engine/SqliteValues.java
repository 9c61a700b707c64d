package dev.asyncsqlite.internal.engine;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SQLite's conversions of a value between storage classes, as its {@code sqlite3_column_*}
 * functions make them, for engines that hold a row's values already decoded ({@code Long},
 * {@code Double}, {@code String}, {@code byte[]} or {@code null}) rather than reading them from a
 * statement.
 */
public final class SqliteValues {
    private static final BigInteger MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger MAX = BigInteger.valueOf(Long.MAX_VALUE);
    // sqlite3Isspace, then sqlite3Atoi64's sign and digits.
    private static final Pattern LEADING_INTEGER = Pattern.compile("^[ \\t\\n\\u000B\\f\\r]*([+-]?)(\\d+)");
    // sqlite3AtoF: sign, digits with an optional point, an exponent only when it has digits.
    private static final Pattern LEADING_NUMBER =
            Pattern.compile("^[ \\t\\n\\u000B\\f\\r]*([+-]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][+-]?\\d+)?)");

    private SqliteValues() {
    }

    /**
     * {@code sqlite3_column_type} of a decoded value.
     *
     * @param value the value
     * @return its storage class, as {@link NativeStatement} numbers them
     */
    public static int type(Object value) {
        if (value == null) {
            return NativeStatement.NULL;
        }
        if (value instanceof Long) {
            return NativeStatement.INTEGER;
        }
        if (value instanceof Double) {
            return NativeStatement.FLOAT;
        }
        return value instanceof String ? NativeStatement.TEXT : NativeStatement.BLOB;
    }

    /**
     * {@code sqlite3_column_int64}: a {@code REAL} truncated toward zero (saturating), a text or
     * blob's leading integer (saturating; 0 when there is none), {@code NULL} as 0.
     *
     * @param value the value
     * @return the integer
     */
    public static long toLong(Object value) {
        if (value == null) {
            return 0;
        }
        if (value instanceof Long) {
            return (Long) value;
        }
        if (value instanceof Double) {
            return (long) (double) (Double) value;
        }
        Matcher m = LEADING_INTEGER.matcher(text(value));
        if (!m.find()) {
            return 0;
        }
        BigInteger n = new BigInteger(m.group(1) + m.group(2));
        return n.compareTo(MAX) > 0 ? Long.MAX_VALUE : n.compareTo(MIN) < 0 ? Long.MIN_VALUE : n.longValue();
    }

    /**
     * {@code sqlite3_column_double}: an integer widened, a text or blob's leading number (0.0
     * when there is none), {@code NULL} as 0.0.
     *
     * @param value the value
     * @return the number
     */
    public static double toDouble(Object value) {
        if (value == null) {
            return 0.0;
        }
        if (value instanceof Long) {
            return (Long) value;
        }
        if (value instanceof Double) {
            return (Double) value;
        }
        Matcher m = LEADING_NUMBER.matcher(text(value));
        return m.find() ? Double.parseDouble(m.group(1)) : 0.0;
    }

    /**
     * {@code sqlite3_column_text}: an integer in decimal, a {@code REAL} in the shortest digits
     * that read back as the same value and always with a point or an exponent ({@code 1.0},
     * {@code 0.1}, {@code 1.0e+20}, {@code Inf}), a blob's bytes as UTF-8, {@code NULL} as
     * {@code null}. SQLite's own digits for a {@code REAL} vary by version (15 significant digits
     * in 3.40, up to 17 in 3.54), so only the value is certain to agree.
     *
     * @param value the value
     * @return the text
     */
    public static String toText(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Double) {
            return real((Double) value);
        }
        return value instanceof byte[] ? text(value) : value.toString();
    }

    /**
     * {@code sqlite3_column_blob}: a blob's bytes, anything else as its UTF-8 text, {@code NULL}
     * as {@code null}.
     *
     * @param value the value
     * @return a new array
     */
    public static byte[] toBlob(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof byte[]) {
            return ((byte[]) value).clone();
        }
        return toText(value).getBytes(StandardCharsets.UTF_8);
    }

    private static String text(Object value) {
        return value instanceof byte[] ? new String((byte[]) value, StandardCharsets.UTF_8) : (String) value;
    }

    // The shortest digits that read back as the same double, laid out as SQLite's printf("%!.17g")
    // lays them out: plain with at least one digit after the point, or d.ddde+XX when the exponent
    // is below -4 or at least 17. SQLite's own digits vary by version (15 significant digits in 3.40,
    // up to 17 in 3.54), so only the value is certain to agree.
    private static String real(double d) {
        if (Double.isInfinite(d)) {
            return d > 0 ? "Inf" : "-Inf";
        }
        BigDecimal shortest = new BigDecimal(Double.toString(Math.abs(d))).stripTrailingZeros();
        String sign = d < 0 ? "-" : "";
        if (shortest.signum() == 0) {
            return sign + "0.0";
        }
        int exponent = shortest.precision() - shortest.scale() - 1;
        if (exponent < -4 || exponent >= 17) {
            String digits = shortest.unscaledValue().toString();
            String fraction = digits.length() > 1 ? digits.substring(1) : "0";
            return sign + digits.charAt(0) + "." + fraction + String.format(Locale.ROOT, "e%+03d", exponent);
        }
        String plain = shortest.toPlainString();
        return sign + (plain.indexOf('.') < 0 ? plain + ".0" : plain);
    }
}
