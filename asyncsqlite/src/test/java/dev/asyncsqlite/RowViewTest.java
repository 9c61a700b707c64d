package dev.asyncsqlite;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RowViewTest {
    private Connection db;

    @BeforeEach
    void open() throws Exception {
        db = AsyncSqlite.connect(":memory:").get(10, SECONDS);
        db.executeScript("CREATE TABLE t(id INTEGER PRIMARY KEY, v);"
                + "INSERT INTO t(v) VALUES (42), (2.7), ('12abc'), (x'0102'), (NULL), (''), (x'');").get(10, SECONDS);
    }

    @AfterEach
    void close() {
        db.close();
    }

    private <T> T call(SyncWork<T> work) throws Exception {
        return db.call(work).get(10, SECONDS);
    }

    @Test
    void eachStorageClassIsReadInPlaceWithSqlitesConversions() throws Exception {
        List<String> seen = call(sync -> {
            List<String> out = new ArrayList<>();
            sync.scan("SELECT v FROM t ORDER BY id", v -> out.add(v.isNull(0) + "|" + v.getLong(0) + "|" + v.getDouble(0) + "|"
                    + v.getString(0) + "|" + (v.getBytes(0) == null ? "null" : v.getBytes(0).length)));
            return out;
        });
        assertThat(seen).containsExactly(
                "false|42|42.0|42|2",
                "false|2|2.7|2.7|3",
                "false|12|12.0|12abc|5",
                "false|0|0.0|\u0001\u0002|2",
                "true|0|0.0|null|null",
                "false|0|0.0||0",
                "false|0|0.0||0");
    }

    @Test
    void textAndBlobsComeOutWhole() throws Exception {
        String text = "héllo, wörld \u2603 " + "x".repeat(5000);
        byte[] blob = new byte[70_000];
        for (int i = 0; i < blob.length; i++) {
            blob[i] = (byte) i;
        }
        List<Object> seen = call(sync -> {
            List<Object> out = new ArrayList<>();
            sync.scan("SELECT ?, ?", v -> {
                out.add(v.getString(0));
                out.add(v.getBytes(0));
                out.add(v.getBytes(1));
            }, text, blob);
            return out;
        });
        assertThat(seen.get(0)).isEqualTo(text);
        assertThat((byte[]) seen.get(1)).isEqualTo(text.getBytes(UTF_8));
        assertThat((byte[]) seen.get(2)).isEqualTo(blob);
    }

    @Test
    void toRowCopiesTheRowOutToKeep() throws Exception {
        List<Row> kept = call(sync -> {
            List<Row> out = new ArrayList<>();
            sync.scan("SELECT id, v FROM t ORDER BY id", v -> out.add(v.toRow()));
            return out;
        });
        assertThat(kept).isEqualTo(db.executeFetchAll("SELECT id, v FROM t ORDER BY id").get(10, SECONDS));
    }

    @Test
    void columnsAreFoundByNameAndIndexesAreChecked() throws Exception {
        List<Object> seen = call(sync -> {
            List<Object> out = new ArrayList<>();
            sync.scan("SELECT id AS Id, v AS value FROM t WHERE id = ?", v -> {
                out.add(v.size());
                out.add(v.columns());
                out.add(v.getLong(v.indexOf("VALUE")));
                out.add(catchIt(() -> v.getLong(2)));
                out.add(catchIt(() -> v.indexOf("missing")));
            }, 1);
            return out;
        });
        assertThat(seen.get(0)).isEqualTo(2);
        assertThat(seen.get(1)).isEqualTo(List.of("Id", "value"));
        assertThat(seen.get(2)).isEqualTo(42L);
        assertThat(seen.get(3)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThat(seen.get(4)).isInstanceOf(IllegalArgumentException.class);
        assertThat(((Exception) seen.get(4)).getMessage()).contains("missing");
    }

    @Test
    void aViewIsReadableOnlyInsideItsCallbackOnItsThread() throws Exception {
        AtomicReference<RowView> kept = new AtomicReference<>();
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            Object fromOtherThread = call(sync -> {
                Object[] result = new Object[1];
                sync.scan("SELECT 1", v -> {
                    kept.set(v);
                    result[0] = catchIt(() -> CompletableFuture.supplyAsync(() -> v.getLong(0), other).get(10, SECONDS));
                });
                return result[0];
            });
            assertThat(fromOtherThread).isInstanceOf(ExecutionException.class);
            assertThat(((Exception) fromOtherThread).getCause()).isInstanceOf(IllegalStateException.class);
        } finally {
            other.shutdownNow();
        }
        assertThatThrownBy(() -> kept.get().getLong(0)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("inside the scan callback");
        assertThatThrownBy(() -> kept.get().toRow()).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void anExceptionFromTheActionStopsTheScanAndReleasesTheStatement() throws Exception {
        List<Long> read = new ArrayList<>();
        assertThatThrownBy(() -> call(sync -> {
            sync.scan("SELECT id FROM t ORDER BY id", v -> {
                read.add(v.getLong(0));
                if (read.size() == 3) {
                    throw new IllegalStateException("enough");
                }
            });
            return null;
        })).hasRootCauseInstanceOf(IllegalStateException.class).hasRootCauseMessage("enough");
        assertThat(read).containsExactly(1L, 2L, 3L);
        // A statement left unfinished on the table would make DROP TABLE fail as locked.
        db.execute("DROP TABLE t").get(10, SECONDS);
        assertThat(db.executeFetchAll("SELECT count(*) FROM sqlite_schema").get(10, SECONDS).get(0).getLong(0)).isZero();
    }

    @Test
    void theCallbackMayRunOtherStatementsEvenTheSameOne() throws Exception {
        List<String> seen = call(sync -> {
            List<String> out = new ArrayList<>();
            sync.scan("SELECT id FROM t WHERE id <= ? ORDER BY id", v -> {
                long id = v.getLong(0);
                List<Row> inner = sync.query("SELECT id FROM t WHERE id <= ? ORDER BY id", 2);
                sync.update("UPDATE t SET v = ? WHERE id = ?", "seen " + id, id);
                out.add(id + ":" + inner.size() + ":" + v.getLong(0));
            }, 3);
            return out;
        });
        assertThat(seen).containsExactly("1:2:1", "2:2:2", "3:2:3");
        assertThat(db.executeFetchAll("SELECT v FROM t WHERE id <= 3 ORDER BY id").get(10, SECONDS))
                .extracting(r -> r.getString(0)).containsExactly("seen 1", "seen 2", "seen 3");
    }

    @Test
    void parametersAreBoundAndAnEmptyResultCallsNothing() throws Exception {
        List<Long> ids = call(sync -> {
            List<Long> out = new ArrayList<>();
            sync.scan("SELECT id FROM t WHERE id > ? ORDER BY id", v -> out.add(v.getLong(0)), 5);
            sync.scan("SELECT id FROM t WHERE id > ?", v -> out.add(-1L), 100);
            return out;
        });
        assertThat(ids).containsExactly(6L, 7L);
    }

    private interface Throwing {
        Object run() throws Exception;
    }

    private static Object catchIt(Throwing code) {
        try {
            return code.run();
        } catch (Exception e) {
            return e;
        }
    }
}
