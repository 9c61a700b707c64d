package dev.asyncsqlite;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RowTest {
    private static Connection db;

    @BeforeAll
    static void open() throws Exception {
        db = AsyncSqlite.connect(":memory:").get(10, SECONDS);
    }

    @AfterAll
    static void close() {
        db.close();
    }

    private static Row row(String sql, Object... params) throws Exception {
        return db.executeFetchAll(sql, params).get(10, SECONDS).get(0);
    }

    @Test
    void columnsAreFoundByPositionAndByNameIgnoringCase() throws Exception {
        Row r = row("SELECT 1 AS Id, 'x' AS name, 2 AS id");
        assertThat(r.size()).isEqualTo(3);
        assertThat(r.columns()).containsExactly("Id", "name", "id");
        assertThat(r.get("ID")).isEqualTo(1L);
        assertThat(r.get(2)).isEqualTo(2L);
        assertThatThrownBy(() -> r.get("missing")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("missing");
        assertThatThrownBy(() -> r.get(3)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void textThatIsNotUtf8ReadsWithReplacementCharactersAndExactlyAsBytes() throws Exception {
        String sql = "SELECT CAST(x'ff61' AS TEXT) AS t, CAST(CAST(x'ff61' AS TEXT) AS BLOB) AS raw";
        Row decoded = row(sql);
        assertThat(decoded.getString("t")).isEqualTo("\uFFFDa");
        assertThat(decoded.getBytes("raw")).containsExactly(0xff, 0x61);
        try (Connection bytes = AsyncSqlite.connect(ConnectOptions.builder(":memory:").textAsBytes(true).build()).get(10, SECONDS)) {
            Row exact = bytes.executeFetchAll(sql).get(10, SECONDS).get(0);
            assertThat((byte[]) exact.get("t")).containsExactly(0xff, 0x61);
        }
    }

    record Kelvin(long k) {
    }

    @Test
    void namesFoldAsciiCaseOnlyAsSqliteDoes() throws Exception {
        // SQLite folds A-Z alone: ÿ and Ÿ are two names, and so are k and the Kelvin sign.
        Row r = row("SELECT 1 AS ÿ, 2 AS Ab, 3 AS k");
        assertThat(r.get("ÿ")).isEqualTo(1L);
        assertThat(r.get("aB")).isEqualTo(2L);
        assertThat(r.get("K")).isEqualTo(3L);
        assertThatThrownBy(() -> r.get("Ÿ")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Ÿ");
        assertThatThrownBy(() -> r.get("\u212A")).isInstanceOf(IllegalArgumentException.class);
        assertThat(db.query("SELECT 3 AS K", RowMapper.of(Kelvin.class)).get(10, SECONDS)).containsExactly(new Kelvin(3));
        assertThat(db.query("SELECT 3 AS \"\u212A\"", RowMapper.of(Kelvin.class)))
                .failsWithin(10, SECONDS).withThrowableOfType(java.util.concurrent.ExecutionException.class)
                .withCauseInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void typedGettersConvertNumbers() throws Exception {
        Row r = row("SELECT 42 AS i, 2.5 AS d, 3.0 AS whole, NULL AS n");
        assertThat(r.getInt("i")).isEqualTo(42);
        assertThat(r.getDouble("i")).isEqualTo(42.0);
        assertThat(r.get("i", BigDecimal.class)).isEqualByComparingTo("42");
        assertThat(r.getLong("whole")).isEqualTo(3);
        assertThat(r.getLong("n")).isZero();
        assertThat(r.get("n", Long.class)).isNull();
        assertThat(r.get("i", Boolean.class)).isTrue();
        assertThat(r.getString("d")).isEqualTo("2.5");
        assertThatThrownBy(() -> r.getLong("d")).isInstanceOf(ClassCastException.class).hasMessageContaining("'d'");
    }

    @Test
    void anIntegerTooLargeForTheTargetIsRefused() throws Exception {
        Row r = row("SELECT 9223372036854775807 AS big");
        assertThatThrownBy(() -> r.getInt("big")).isInstanceOf(ClassCastException.class).hasMessageContaining("big");
    }

    @Test
    void javaTimeAndUuidRoundTripThroughTheAdapters() throws Exception {
        LocalDate date = LocalDate.of(2024, 5, 1);
        LocalDateTime dateTime = LocalDateTime.of(2024, 5, 1, 13, 45, 7);
        LocalTime time = LocalTime.of(8, 30);
        Instant instant = Instant.parse("2024-05-01T10:15:30.123Z");
        OffsetDateTime offset = OffsetDateTime.of(dateTime, ZoneOffset.ofHours(2));
        UUID uuid = UUID.randomUUID();
        Row r = row("SELECT ? AS d, ? AS dt, ? AS t, ? AS i, ? AS o, ? AS u", date, dateTime, time, instant, offset, uuid);
        assertThat(r.getString("dt")).isEqualTo("2024-05-01 13:45:07");
        assertThat(r.get("d", LocalDate.class)).isEqualTo(date);
        assertThat(r.get("dt", LocalDateTime.class)).isEqualTo(dateTime);
        assertThat(r.get("t", LocalTime.class)).isEqualTo(time);
        assertThat(r.get("i", Instant.class)).isEqualTo(instant);
        assertThat(r.get("o", OffsetDateTime.class)).isEqualTo(offset);
        assertThat(r.get("u", UUID.class)).isEqualTo(uuid);
        assertThat(row("SELECT date(?) = '2024-05-01'", dateTime).getLong(0)).as("SQLite's date functions read it").isEqualTo(1);
    }

    record Event(long id, String kind, Instant createdAt) {
    }

    @Test
    void timestampsWithoutAZoneReadAsUtcAsSqlitesDateFunctionsDefineThem() throws Exception {
        Instant expected = Instant.ofEpochSecond(1714571100);
        Row r = row("SELECT datetime(1714571100, 'unixepoch') AS sqlite, '2024-05-01 13:45' AS minutes, ? AS ours, "
                + "'2024-05-01T13:45:00.250' AS t, '2024-05-01T15:45:00+02:00' AS zoned, '2024-05-01' AS day",
                LocalDateTime.of(2024, 5, 1, 13, 45, 0, 123_456_789));
        assertThat(r.getString("sqlite")).isEqualTo("2024-05-01 13:45:00");
        assertThat(r.get("sqlite", Instant.class)).isEqualTo(expected);
        assertThat(r.get("minutes", Instant.class)).isEqualTo(expected);
        assertThat(r.get("ours", Instant.class)).isEqualTo(expected.plusNanos(123_456_789));
        assertThat(r.get("t", Instant.class)).isEqualTo(expected.plusMillis(250));
        assertThat(r.get("zoned", Instant.class)).isEqualTo(expected);
        assertThat(r.get("day", Instant.class)).isEqualTo(Instant.parse("2024-05-01T00:00:00Z"));
        assertThat(r.get("sqlite", OffsetDateTime.class)).isEqualTo(OffsetDateTime.of(2024, 5, 1, 13, 45, 0, 0, ZoneOffset.UTC));
        assertThat(r.get("zoned", OffsetDateTime.class)).isEqualTo(OffsetDateTime.of(2024, 5, 1, 15, 45, 0, 0, ZoneOffset.ofHours(2)));
        assertThatThrownBy(() -> row("SELECT 'yesterday' AS ts").get("ts", Instant.class))
                .isInstanceOf(ClassCastException.class).hasMessageContaining("'ts'");

        // The usual created_at column, filled by SQLite, through RowMapper.of.
        db.executeScript("CREATE TABLE events(id INTEGER PRIMARY KEY, kind TEXT, created_at TEXT DEFAULT CURRENT_TIMESTAMP);"
                + "INSERT INTO events(kind) VALUES ('login');").get(10, SECONDS);
        Event event = db.query("SELECT * FROM events", RowMapper.of(Event.class)).get(10, SECONDS).get(0);
        long epoch = row("SELECT CAST(strftime('%s', created_at) AS INTEGER) FROM events").getLong(0);
        assertThat(event.createdAt()).isEqualTo(Instant.ofEpochSecond(epoch));
    }

    @Test
    void bigNumbersAndEnumsHaveDocumentedForms() throws Exception {
        Row r = row("SELECT ?, ?, ?, ?", new BigDecimal("12"), new BigDecimal("1.50"),
                new java.math.BigInteger("123456789012345678901234567890"), IsolationLevel.IMMEDIATE);
        assertThat(r.get(0)).isEqualTo(12L);
        assertThat(r.get(1)).isEqualTo("1.50");
        assertThat(r.get(2)).isEqualTo("123456789012345678901234567890");
        assertThat(r.get(3)).isEqualTo("IMMEDIATE");
    }

    @Test
    void bytesAreCopiedSoRowsStayImmutable() throws Exception {
        Row r = row("SELECT x'0102'");
        byte[] bytes = r.getBytes(0);
        bytes[0] = 9;
        assertThat(r.getBytes(0)).containsExactly(1, 2);
    }

    @Test
    void rowsWithEqualNamesAndValuesAreEqual() throws Exception {
        Row a = row("SELECT 1 AS x, x'ff' AS b");
        Row b = row("SELECT 1 AS x, x'ff' AS b");
        Row c = row("SELECT 1 AS y, x'ff' AS b");
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b).isNotEqualTo(c);
        assertThat(a.toString()).isEqualTo("Row{x=1, b=x'ff'}");
    }
}
