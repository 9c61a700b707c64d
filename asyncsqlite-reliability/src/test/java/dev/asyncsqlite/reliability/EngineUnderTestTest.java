package dev.asyncsqlite.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncsqlite.AsyncSqlite;
import dev.asyncsqlite.ConnectOptions;
import dev.asyncsqlite.Connection;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The suites run once per engine the build offers (sqlite-jdbc always, the native engine on JDK
 * 22+): this proves that the run, and the child processes its suites start, use the engine the
 * build chose.
 */
class EngineUnderTestTest {

    private static String expected() {
        return System.getProperty(ConnectOptions.ENGINE_PROPERTY, "sqlite-jdbc");
    }

    @Test
    void connectionsAndChildProcessesUseTheEngineOfThisRun(@TempDir Path dir) throws Exception {
        try (Connection db = AsyncSqlite.connect(":memory:").join()) {
            assertThat(db.engineName()).isEqualTo(expected());
        }
        try (ChildJvm child = ChildJvm.start(dir, EngineProbe.class, List.of())) {
            assertThat(child.nextLine(60)).isEqualTo("engine " + expected());
        }
    }

    /** A child that prints the engine its connections get. */
    public static final class EngineProbe {
        private EngineProbe() {
        }

        public static void main(String[] args) {
            try (Connection db = AsyncSqlite.connect(":memory:").join()) {
                System.out.println("engine " + db.engineName());
            }
        }
    }
}
