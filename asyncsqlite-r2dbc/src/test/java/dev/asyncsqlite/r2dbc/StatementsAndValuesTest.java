package dev.asyncsqlite.r2dbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.asyncsqlite.PoolOptions;
import io.r2dbc.spi.Blob;
import io.r2dbc.spi.Clob;
import io.r2dbc.spi.ColumnMetadata;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.Parameters;
import io.r2dbc.spi.R2dbcBadGrammarException;
import io.r2dbc.spi.R2dbcDataIntegrityViolationException;
import io.r2dbc.spi.Result;
import io.r2dbc.spi.Statement;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

class StatementsAndValuesTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private SqliteConnectionFactory factory;
    private Connection connection;

    @BeforeEach
    void setUp() {
        factory = new SqliteConnectionFactory(PoolOptions.builder(dir.resolve("values.db").toString()).readers(2).build());
        connection = Mono.from(factory.create()).block(WAIT);
        updates("CREATE TABLE item (id INTEGER PRIMARY KEY, name VARCHAR(20) NOT NULL UNIQUE, price DECIMAL(10,2), "
                + "big BIGINT, ok BOOLEAN, data BLOB, notes CLOB, born DATE, seen TIMESTAMP, ratio REAL, misc)");
    }

    @AfterEach
    void tearDown() {
        Mono.from(connection.close()).block(WAIT);
        factory.close();
    }

    private List<Long> updates(String sql) {
        return updates(connection.createStatement(sql));
    }

    private static List<Long> updates(Statement statement) {
        return Flux.from(statement.execute()).concatMap(Result::getRowsUpdated).collectList().block(WAIT);
    }

    private List<Object> column(String sql, Class<?> type) {
        return Flux.from(connection.createStatement(sql).execute())
                .concatMap(r -> r.map((row, meta) -> (Object) row.get(0, type))).collectList().block(WAIT);
    }

    @Test
    void everyParameterStyleOfSqliteBinds() {
        updates(connection.createStatement("INSERT INTO item (id, name) VALUES (?, ?)").bind(0, 1).bind(1, "plain"));
        updates(connection.createStatement("INSERT INTO item (id, name) VALUES (?2, ?1)").bind(0, "numbered").bind(1, 2));
        updates(connection.createStatement("INSERT INTO item (id, name) VALUES (:id, :name)").bind("id", 3).bind(":name", "colon"));
        updates(connection.createStatement("INSERT INTO item (id, name) VALUES (@id, @name)").bind("id", 4).bind("@name", "at"));
        updates(connection.createStatement("INSERT INTO item (id, name) VALUES ($id, $name)").bind("$id", 5).bind("name", "dollar"));
        updates(connection.createStatement("INSERT INTO item (id, name) VALUES (?1, ?2)").bind("?1", 6).bind("?2", "by ?NNN"));
        assertThat(column("SELECT name FROM item ORDER BY id", String.class))
                .containsExactly("plain", "numbered", "colon", "at", "dollar", "by ?NNN");
    }

    @Test
    void aNameUsedTwiceBindsBothPlaces() {
        updates(connection.createStatement("INSERT INTO item (id, name, notes) VALUES (:id, :text, :text)")
                .bind("id", 1).bind("text", "twice"));
        assertThat(column("SELECT notes FROM item", String.class)).containsExactly("twice");
    }

    @Test
    void aTextOfSeveralStatementsGivesOneResultEachAndNumbersTheirParametersInOrder() {
        List<Long> counts = updates(connection.createStatement(
                        "INSERT INTO item (id, name) VALUES (?, ?); UPDATE item SET price = ? WHERE id = ?; DELETE FROM item WHERE id = ?")
                .bind(0, 1).bind(1, "a").bind(2, new BigDecimal("9.50")).bind(3, 1).bind(4, 99));
        assertThat(counts).containsExactly(1L, 1L, 0L);
        assertThat(column("SELECT price FROM item", BigDecimal.class)).containsExactly(new BigDecimal("9.5"));
    }

    @Test
    void batchesOfBindingsRunOncePerSet() {
        Statement insert = connection.createStatement("INSERT INTO item (id, name) VALUES (?, ?)");
        for (int i = 1; i <= 5; i++) {
            insert.bind(0, i).bind(1, "n" + i);
            if (i < 5) {
                insert.add();
            }
        }
        assertThat(updates(insert)).containsExactly(1L, 1L, 1L, 1L, 1L);
        assertThat(Flux.from(connection.createBatch().add("UPDATE item SET ok = 1").add("DELETE FROM item WHERE id > 3")
                .add("CREATE INDEX item_ok ON item(ok)").execute()).concatMap(Result::getRowsUpdated).collectList().block(WAIT))
                .containsExactly(5L, 2L, 0L);
    }

    @Test
    void returnGeneratedValuesReturnsTheNamedColumnsOrTheWholeRow() {
        List<Object> ids = Flux.from(connection.createStatement("INSERT INTO item (name) VALUES ('x'), ('y')")
                        .returnGeneratedValues("id").execute())
                .concatMap(r -> r.map((row, meta) -> row.get("id"))).collectList().block(WAIT);
        assertThat(ids).containsExactly(1, 2);
        List<String> names = Flux.from(connection.createStatement("UPDATE item SET ok = 1 WHERE id = 2")
                        .returnGeneratedValues().execute())
                .concatMap(r -> r.map((row, meta) -> row.get("name", String.class))).collectList().block(WAIT);
        assertThat(names).containsExactly("y");
        // The update count still follows the returned rows.
        List<Long> counts = Flux.from(connection.createStatement("DELETE FROM item").returnGeneratedValues("id").execute())
                .concatMap(Result::getRowsUpdated).collectList().block(WAIT);
        assertThat(counts).containsExactly(2L);
    }

    @Test
    void valuesComeBackByTheirDeclaredTypes() {
        Statement insert = connection.createStatement("INSERT INTO item VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .bind(0, 7).bind(1, "widget").bind(2, new BigDecimal("12.25")).bind(3, 1L << 40).bind(4, true)
                .bind(5, ByteBuffer.wrap(new byte[] {1, 2, 3})).bind(6, "long text")
                .bind(7, LocalDate.of(2026, 11, 30)).bind(8, LocalDateTime.of(2026, 11, 30, 12, 34, 56)).bind(9, 0.5f)
                .bind(10, UUID.fromString("00000000-0000-0000-0000-000000000001"));
        updates(insert);
        List<Object> row = Flux.from(connection.createStatement("SELECT * FROM item").execute())
                .concatMap(r -> r.map((r0, meta) -> Arrays.asList(r0.get("id"), r0.get("name"), r0.get("price"), r0.get("big"),
                        r0.get("ok"), r0.get("data"), r0.get("notes"), r0.get("born", LocalDate.class),
                        r0.get("seen", LocalDateTime.class), r0.get("ratio"), r0.get("misc", UUID.class))))
                .blockLast(WAIT);
        assertThat(row).containsExactly(7, "widget", new BigDecimal("12.25"), 1L << 40, true, ByteBuffer.wrap(new byte[] {1, 2, 3}),
                "long text", LocalDate.of(2026, 11, 30), LocalDateTime.of(2026, 11, 30, 12, 34, 56), 0.5,
                UUID.fromString("00000000-0000-0000-0000-000000000001"));
    }

    @Test
    void columnMetadataCarriesTheDeclaredType() {
        List<? extends ColumnMetadata> columns = Flux.from(connection.createStatement(
                        "SELECT id, name, big, data, 1 + 1 AS expr FROM item UNION ALL SELECT 1, 'a', 2, x'00', 2").execute())
                .concatMap(r -> r.map((row, meta) -> meta.getColumnMetadatas())).blockLast(WAIT);
        assertThat(columns).extracting(ColumnMetadata::getName).containsExactly("id", "name", "big", "data", "expr");
        assertThat(columns).extracting(ColumnMetadata::getNativeTypeMetadata)
                .containsExactly("INTEGER", "VARCHAR(20)", "BIGINT", "BLOB", null);
        assertThat(columns).extracting(ColumnMetadata::getJavaType)
                .containsExactly(Integer.class, String.class, Long.class, ByteBuffer.class, Object.class);
    }

    @Test
    void columnNamesFoldAsciiCaseOnlyAsSqliteDoes() {
        List<Object> found = Flux.from(connection.createStatement("SELECT 1 AS k, 2 AS ÿ").execute())
                .concatMap(r -> r.map((row, meta) -> List.of(row.get("K"), meta.contains("ÿ"), meta.contains("Ÿ"),
                        meta.contains("\u212A"))))
                .blockLast(WAIT);
        assertThat(found).containsExactly(1, true, false, false);
    }

    @Test
    void timestampsWithoutAZoneReadAsUtcAsSqlitesDateFunctionsDefineThem() {
        List<Object> read = Flux.from(connection.createStatement(
                        "SELECT datetime(1714571100, 'unixepoch'), '2024-05-01T15:45:00+02:00'").execute())
                .concatMap(r -> r.map((row, meta) -> List.<Object>of(row.get(0, java.time.Instant.class),
                        row.get(0, java.time.OffsetDateTime.class), row.get(1, java.time.Instant.class),
                        row.get(0, LocalDateTime.class))))
                .blockLast(WAIT);
        java.time.Instant expected = java.time.Instant.ofEpochSecond(1714571100);
        assertThat(read).containsExactly(expected, expected.atOffset(java.time.ZoneOffset.UTC), expected,
                LocalDateTime.of(2024, 5, 1, 13, 45));
    }

    @Test
    void anIntegerTooBigForAnIntComesBackAsALong() {
        updates(connection.createStatement("INSERT INTO item (id, name) VALUES (?, 'big')").bind(0, Long.MAX_VALUE));
        assertThat(column("SELECT id FROM item", Object.class)).containsExactly(Long.MAX_VALUE);
        assertThatThrownBy(() -> column("SELECT id FROM item", Integer.class))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("id");
    }

    @Test
    void blobsAndClobsStreamInBothDirections() {
        byte[] bytes = new byte[20_000];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) i;
        }
        String text = "é".repeat(10_000);
        updates(connection.createStatement("INSERT INTO item (id, name, data, notes) VALUES (1, 'lob', ?, ?)")
                .bind(0, Blob.from(Flux.just(ByteBuffer.wrap(bytes, 0, 7000), ByteBuffer.wrap(bytes, 7000, 13_000))))
                .bind(1, Clob.from(Flux.just(text.substring(0, 3), text.substring(3)))));
        List<ByteBuffer> chunks = Flux.from(connection.createStatement("SELECT data FROM item").execute())
                .concatMap(r -> r.map((row, meta) -> row.get(0, Blob.class)))
                .concatMap(Blob::stream).collectList().block(WAIT);
        assertThat(chunks).hasSizeGreaterThan(1);
        ByteBuffer all = ByteBuffer.allocate(bytes.length);
        chunks.forEach(all::put);
        assertThat(all.array()).isEqualTo(bytes);
        String read = Flux.from(connection.createStatement("SELECT notes FROM item").execute())
                .concatMap(r -> r.map((row, meta) -> row.get(0, Clob.class)))
                .concatMap(Clob::stream).reduce(new StringBuilder(), StringBuilder::append).block(WAIT).toString();
        assertThat(read).isEqualTo(text);
        assertThat((byte[]) column("SELECT data FROM item", byte[].class).get(0)).isEqualTo(bytes);
        assertThat(column("SELECT notes FROM item", byte[].class).get(0)).isEqualTo(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void badBindingsAreRefusedAtOnceWithWhatWasWrong() {
        Statement statement = connection.createStatement("INSERT INTO item (id, name) VALUES (:id, :name)");
        assertThatThrownBy(() -> statement.bind(0, new Object())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("java.lang.Object");
        assertThatThrownBy(() -> statement.bind(2, 1)).isInstanceOf(IndexOutOfBoundsException.class).hasMessageContaining("2 parameters");
        assertThatThrownBy(() -> statement.bind("nope", 1)).isInstanceOf(java.util.NoSuchElementException.class)
                .hasMessageContaining("nope");
        statement.bind("id", 1);
        assertThatThrownBy(statement::execute).isInstanceOf(IllegalStateException.class).hasMessageContaining("parameter 1");
        assertThatThrownBy(() -> connection.createStatement("  ;  ")).isInstanceOf(IllegalArgumentException.class);
        // A null bound through Parameters is a NULL of that type.
        statement.bind("name", Parameters.in(String.class));
        assertThatThrownBy(() -> updates(statement)).isInstanceOf(R2dbcDataIntegrityViolationException.class)
                .hasMessageContaining("NOT NULL");
    }

    @Test
    void sqliteErrorsBecomeR2dbcExceptionsAndTheConnectionStaysUsable() {
        updates("INSERT INTO item (id, name) VALUES (1, 'a')");
        assertThatThrownBy(() -> updates("INSERT INTO item (id, name) VALUES (2, 'a')"))
                .isInstanceOf(R2dbcDataIntegrityViolationException.class).hasMessageContaining("UNIQUE");
        assertThatThrownBy(() -> updates("SELEC nothing")).isInstanceOf(R2dbcBadGrammarException.class)
                .satisfies(e -> assertThat(((R2dbcBadGrammarException) e).getOffendingSql()).isEqualTo("SELEC nothing"));
        assertThatThrownBy(() -> updates("SELECT * FROM missing")).isInstanceOf(R2dbcBadGrammarException.class)
                .hasMessageContaining("missing");
        assertThat(column("SELECT count(*) FROM item", Long.class)).containsExactly(1L);
    }

    @Test
    void aResultCanBeConsumedOnce() {
        Result result = Mono.from(connection.createStatement("SELECT 1").execute()).block(WAIT);
        // No declared type: an integer that fits is an Integer.
        assertThat(Flux.from(result.map((row, meta) -> row.get(0))).collectList().block(WAIT)).containsExactly(1);
        assertThatThrownBy(() -> Flux.from(result.getRowsUpdated()).blockLast(WAIT))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("consumed once");
    }

    @Test
    void segmentsGiveRowsThenTheUpdateCount() {
        updates("INSERT INTO item (id, name) VALUES (1, 'a'), (2, 'b')");
        List<String> segments = Flux.from(connection.createStatement("UPDATE item SET ok = 0 RETURNING name").execute())
                .concatMap(r -> r.flatMap(s -> Mono.just(s instanceof Result.RowSegment
                        ? "row " + ((Result.RowSegment) s).row().get(0, String.class)
                        : "count " + ((Result.UpdateCount) s).value())))
                .collectList().block(WAIT);
        assertThat(segments).containsExactly("row a", "row b", "count 2");
    }
}
