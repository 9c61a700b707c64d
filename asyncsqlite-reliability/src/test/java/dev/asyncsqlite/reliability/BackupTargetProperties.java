package dev.asyncsqlite.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncsqlite.AsyncSqlite;
import dev.asyncsqlite.BackupOptions;
import dev.asyncsqlite.Connection;
import dev.asyncsqlite.Cursor;
import dev.asyncsqlite.Row;
import dev.asyncsqlite.SqliteException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * A backup into a connection, or a restore from a file, whose target is busy (a transaction open,
 * a read not finished) never reports success: it fails with a {@link SqliteException} and the
 * target keeps what it had. One into a target at rest succeeds, and then the target holds exactly
 * the source's rows.
 */
class BackupTargetProperties {
    private static final AtomicInteger TRIES = new AtomicInteger();
    private static final AtomicInteger REFUSED = new AtomicInteger();
    private static Path dir;

    /** What the target is doing when the copy arrives. */
    enum TargetState {
        AT_REST(false), READ_TO_THE_END(false), IN_TRANSACTION(true), READING(true);

        final boolean busy;

        TargetState(boolean busy) {
            this.busy = busy;
        }
    }

    /** How the copy gets there. */
    enum Route { BACKUP_INTO_CONNECTION, RESTORE_FROM_FILE }

    @BeforeContainer
    static void makeDirectory() throws IOException {
        dir = Files.createTempDirectory("asyncsqlite-backups-");
    }

    @AfterContainer
    static void report() throws IOException {
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        Figures.record("backup targets", TRIES.get() + " copies, " + REFUSED.get()
                + " into busy targets, each refused with the target untouched; every other one a full copy");
    }

    private static <T> T await(CompletableFuture<T> f) throws Exception {
        return f.get(30, TimeUnit.SECONDS);
    }

    @Property(tries = 100)
    void aBusyTargetIsNeverReportedCopied(@ForAll TargetState state, @ForAll Route route,
            @ForAll @IntRange(min = 0, max = 300) int sourceRows, @ForAll @IntRange(min = 2, max = 50) int targetRows,
            @ForAll @IntRange(min = -1, max = 8) int pagesPerStep) throws Exception {
        int attempt = TRIES.incrementAndGet();
        Path snapshot = dir.resolve("snapshot" + attempt + ".db");
        BackupOptions options = BackupOptions.builder().pagesPerStep(pagesPerStep == 0 ? -1 : pagesPerStep).build();
        try (Connection source = await(AsyncSqlite.connect(dir.resolve("source" + attempt + ".db")));
             Connection target = await(AsyncSqlite.connect(dir.resolve("target" + attempt + ".db")))) {
            await(source.executeScript("CREATE TABLE copied(i INTEGER, pad BLOB);"
                    + "WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < " + sourceRows + ")"
                    + " INSERT INTO copied SELECT i, randomblob(100) FROM c WHERE " + sourceRows + " > 0;"));
            await(target.executeScript("CREATE TABLE kept(i INTEGER);"
                    + "WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < " + targetRows + ")"
                    + " INSERT INTO kept SELECT i FROM c;"));
            List<List<Object>> expected = rows(source, "copied");
            if (route == Route.RESTORE_FROM_FILE) {
                await(source.backup(snapshot));
            }

            Cursor cursor = null;
            switch (state) {
                case IN_TRANSACTION:
                    await(target.execute("INSERT INTO kept VALUES (-1)"));
                    break;
                case READING:
                case READ_TO_THE_END:
                    cursor = await(target.cursor());
                    cursor.setPrefetch(0);
                    await(cursor.execute("SELECT i FROM kept ORDER BY i"));
                    if (state == TargetState.READING) {
                        // One row read, at least one more ahead: the statement stays open.
                        assertThat(await(cursor.fetchOne())).isPresent();
                    } else {
                        assertThat(await(cursor.fetchAll())).hasSize(targetRows);
                    }
                    break;
                default:
                    break;
            }

            CompletableFuture<Void> copy = route == Route.BACKUP_INTO_CONNECTION
                    ? source.backup(target, options) : target.restore(snapshot, options);
            Throwable failure = null;
            try {
                copy.get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                failure = e.getCause();
            }

            if (cursor != null) {
                cursor.close();
            }
            await(target.rollback());
            if (state.busy) {
                REFUSED.incrementAndGet();
                assertThat(failure).as("a copy into a target %s", state).isInstanceOf(SqliteException.class)
                        .hasMessageContaining("destination database is in use");
                assertThat(tables(target)).containsExactly("kept");
                assertThat(await(target.executeFetchAll("SELECT count(*) FROM kept")).get(0).getLong(0)).isEqualTo(targetRows);
            } else {
                assertThat(failure).as("a copy into a target %s", state).isNull();
                assertThat(tables(target)).containsExactly("copied");
                assertThat(rows(target, "copied")).isEqualTo(expected);
            }
        }
    }

    private static List<String> tables(Connection db) throws Exception {
        List<String> names = new ArrayList<>();
        for (Row row : await(db.executeFetchAll("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name"))) {
            names.add(row.getString(0));
        }
        return names;
    }

    private static List<List<Object>> rows(Connection db, String table) throws Exception {
        List<List<Object>> rows = new ArrayList<>();
        for (Row row : await(db.executeFetchAll("SELECT i, hex(pad) FROM " + table + " ORDER BY i"))) {
            rows.add(List.of(row.getLong(0), row.getString(1)));
        }
        return rows;
    }
}
