package dev.asyncsqlite.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Back-pressure keeps memory bounded: millions of rows stream through a 64 MB heap. */
class BoundedMemoryTest {
    @TempDir
    Path dir;

    @Test
    void streamingMillionsOfRowsToASlowSubscriberFitsASmallHeap() throws Exception {
        long rows = Figures.intProperty("reliability.rows", 10_000_000);
        long started = System.nanoTime();
        try (ChildJvm child = ChildJvm.start(dir, StreamingChild.class, List.of("-Xmx64m"), Long.toString(rows))) {
            String line = child.nextLine(600);
            assertThat(line).as("the child streamed every row without running out of memory").isEqualTo("ROWS " + rows);
            assertThat(child.exited(60)).isTrue();
            assertThat(child.exitCode()).isZero();
        }
        Figures.record("bounded memory", rows + " rows of 200 bytes streamed through rows() with -Xmx64m in "
                + (System.nanoTime() - started) / 1_000_000_000 + " s, no OutOfMemoryError");
    }
}
