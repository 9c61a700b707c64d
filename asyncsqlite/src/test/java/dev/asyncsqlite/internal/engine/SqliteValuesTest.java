package dev.asyncsqlite.internal.engine;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncsqlite.AsyncSqlite;
import dev.asyncsqlite.Connection;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The conversions engines holding decoded values make (SqliteValues) against SQLite's own
 * sqlite3_column_* conversions, read through a scan of the engine under test.
 */
class SqliteValuesTest {
    private static final List<Object> SAMPLES = Arrays.asList(
            null, 0L, -1L, 42L, Long.MAX_VALUE, Long.MIN_VALUE,
            0.0, 2.7, -2.7, 1.0, 100.0, 0.1, 1.0 / 3, 0.1 + 0.2, 123456.789, 1e14, 1e15, 1e20, 1.5e-5, 1e-4,
            1e300, -1e300, 9.2233720368547758e18, -9.3e18, 12345678901234567890.0, Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY,
            "", "12abc", " -7 ", "1.9e3", "abc", "  +42", "9223372036854775807", "9223372036854775808",
            "-9223372036854775809", "99999999999999999999999", "0x10", "1e", "1e+", ".5", "5.", "\t\n12",
            "1.5e3xyz", "-", "+", "- 5", "00012", "3.14159", "-0", "héllo",
            new byte[0], "12".getBytes(UTF_8), new byte[] {1, 2}, "2.5e2".getBytes(UTF_8));

    @Test
    void conversionsMatchSqlites() throws Exception {
        try (Connection db = AsyncSqlite.connect(":memory:").get(10, SECONDS)) {
            db.execute("CREATE TABLE s(v)").get(10, SECONDS);
            for (Object sample : SAMPLES) {
                db.execute("INSERT INTO s(v) VALUES (?)", sample).get(10, SECONDS);
            }
            List<String> fromSqlite = db.call(sync -> {
                List<String> out = new ArrayList<>();
                sync.scan("SELECT v FROM s ORDER BY rowid", v -> out.add(describe(v.getDouble(0) != 0 && !v.isNull(0)
                        && SAMPLES.get(out.size()) instanceof Double, v.isNull(0), v.getLong(0), v.getDouble(0), v.getString(0),
                        v.getBytes(0))));
                return out;
            }).get(10, SECONDS);
            List<String> fromJava = new ArrayList<>();
            for (Object sample : SAMPLES) {
                fromJava.add(describe(sample instanceof Double && (Double) sample != 0, SqliteValues.type(sample) == NativeStatement.NULL,
                        SqliteValues.toLong(sample),
                        SqliteValues.toDouble(sample), SqliteValues.toText(sample), SqliteValues.toBlob(sample)));
            }
            assertThat(fromJava).containsExactlyElementsOf(fromSqlite);
        }
    }

    @Test
    void realsAreWrittenInTheirShortestDigitsInSqlitesLayout() {
        for (Object sample : SAMPLES) {
            if (sample instanceof Double && !((Double) sample).isInfinite()) {
                assertThat(Double.parseDouble(SqliteValues.toText(sample))).isEqualTo((Double) sample);
            }
        }
        assertThat(SqliteValues.toText(1.0)).isEqualTo("1.0");
        assertThat(SqliteValues.toText(0.1 + 0.2)).isEqualTo("0.30000000000000004");
        assertThat(SqliteValues.toText(-2.5)).isEqualTo("-2.5");
        assertThat(SqliteValues.toText(1e15)).isEqualTo("1000000000000000.0");
        assertThat(SqliteValues.toText(1e20)).isEqualTo("1.0e+20");
        assertThat(SqliteValues.toText(1.5e-5)).isEqualTo("1.5e-05");
        assertThat(SqliteValues.toText(-1e300)).isEqualTo("-1.0e+300");
        assertThat(SqliteValues.toText(Double.NEGATIVE_INFINITY)).isEqualTo("-Inf");
    }

    @Test
    void typesFollowTheStorageClasses() {
        assertThat(SqliteValues.type(null)).isEqualTo(NativeStatement.NULL);
        assertThat(SqliteValues.type(1L)).isEqualTo(NativeStatement.INTEGER);
        assertThat(SqliteValues.type(1.0)).isEqualTo(NativeStatement.FLOAT);
        assertThat(SqliteValues.type("x")).isEqualTo(NativeStatement.TEXT);
        assertThat(SqliteValues.type(new byte[0])).isEqualTo(NativeStatement.BLOB);
    }

    @Test
    void blobsAreCopies() {
        byte[] original = {1, 2, 3};
        byte[] copy = SqliteValues.toBlob(original);
        copy[0] = 9;
        assertThat(original).containsExactly(1, 2, 3);
    }

    // A REAL's text is compared by value, to 14 significant digits: SQLite's own digits vary by
    // version (15 significant digits in 3.40, up to 17 in 3.54).
    private static String describe(boolean real, boolean isNull, long l, double d, String text, byte[] bytes) {
        String asText = real && !text.contains("Inf") ? String.format(Locale.ROOT, "%.13e", Double.parseDouble(text)) : text;
        String asBytes = bytes == null ? "null" : real ? asText : Arrays.toString(bytes);
        // The sign of a zero read from a text such as "-" differs by version too.
        return isNull + " | " + l + " | " + (d == 0 ? 0.0 : d) + " | " + asText + " | " + asBytes;
    }
}
