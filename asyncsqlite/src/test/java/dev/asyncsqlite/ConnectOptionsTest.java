package dev.asyncsqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ConnectOptionsTest {

    @Test
    void defaultsFollowSqlite3AndAiosqlite() {
        ConnectOptions o = ConnectOptions.of("app.db");
        assertThat(o.iterChunkSize()).isEqualTo(64);
        assertThat(o.busyTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(o.isolationLevel()).isEqualTo(IsolationLevel.DEFERRED);
        assertThat(o.statementCacheSize()).isEqualTo(128);
        assertThat(o.readOnly()).isFalse();
        assertThat(o.loadExtensions()).isFalse();
        assertThat(o.completionExecutor()).isNull();
        assertThat(o.uri()).isFalse();
        assertThat(o.watchPollInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(ConnectOptions.of("file:app.db?mode=ro").uri()).isTrue();
    }

    @Test
    void badValuesAreRejectedNamingTheOption() {
        assertThatThrownBy(() -> ConnectOptions.builder("x").iterChunkSize(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("iterChunkSize");
        assertThatThrownBy(() -> ConnectOptions.builder("x").busyTimeout(Duration.ofSeconds(-1)))
                .hasMessageContaining("busyTimeout");
        assertThatThrownBy(() -> ConnectOptions.builder("x").statementCacheSize(-1)).hasMessageContaining("statementCacheSize");
        assertThatThrownBy(() -> ConnectOptions.builder("")).hasMessageContaining("database");
        assertThatThrownBy(() -> ConnectOptions.builder("x").transactionTimeout(Duration.ZERO)).hasMessageContaining("transactionTimeout");
        assertThatThrownBy(() -> ConnectOptions.builder("x").uri(true).build()).hasMessageContaining("uri");
        assertThatThrownBy(() -> ConnectOptions.builder("x").watchPollInterval(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("watchPollInterval");
        assertThatThrownBy(() -> ConnectOptions.builder("x").watchPollInterval(Duration.ofNanos(500)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("watchPollInterval");
        assertThat(ConnectOptions.builder("x").watchPollInterval(Duration.ZERO).build().watchPollInterval()).isZero();
    }

    @Test
    void pragmaNamesAndValuesCannotCarrySql() {
        assertThatThrownBy(() -> ConnectOptions.builder("x").pragma("journal_mode; DROP TABLE t", "WAL"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pragma name");
        assertThatThrownBy(() -> ConnectOptions.builder("x").pragma("journal_mode", "WAL; DROP TABLE t"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("journal_mode");
        assertThat(ConnectOptions.builder("x").pragma("cache_size", "-2000").build().pragmas()).containsEntry("cache_size", "-2000");
    }

    @Test
    void toBuilderCopiesEveryOption() {
        ConnectOptions o = ConnectOptions.builder(Path.of("a.db")).readOnly(true).iterChunkSize(5)
                .pragma("foreign_keys", "ON").isolationLevel(IsolationLevel.AUTOCOMMIT).watchPollInterval(Duration.ofMillis(250)).build();
        ConnectOptions copy = o.toBuilder().build();
        assertThat(copy.toString()).isEqualTo(o.toString());
        assertThat(o.toBuilder().iterChunkSize(7).build().iterChunkSize()).isEqualTo(7);
        assertThat(o.iterChunkSize()).isEqualTo(5);
    }
}
