package dev.asyncsqlite.nativeengine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Loading the library fails with a clear error, never a crash, in a fresh JVM each time. */
class NativeLoadingTest {

    private static String probe(boolean nativeAccess, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (nativeAccess) {
            command.add("--enable-native-access=ALL-UNNAMED");
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(LoadProbe.class.getName());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(false).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).as("the JVM did not crash").isZero();
            return out.readLine();
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void theSystemLibraryOpens() throws Exception {
        assertThat(probe(true)).isEqualTo("OPENED");
    }

    @Test
    void withoutNativeAccessTheErrorSaysHowToEnableIt() throws Exception {
        assertThat(probe(false)).startsWith("FAILED NotSupportedException").contains("--enable-native-access");
    }

    @Test
    void aMissingLibraryIsNamedInTheError() throws Exception {
        assertThat(probe(true, "/nonexistent/libsqlite3.so")).startsWith("FAILED NotSupportedException")
                .contains("/nonexistent/libsqlite3.so");
    }
}
