package dev.asyncsqlite.reliability;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Appends a suite's figures to the file RELIABILITY.md is written from, and prints them. */
final class Figures {
    private Figures() {
    }

    static synchronized void record(String suite, String figures) {
        String line = suite + ": " + figures;
        System.out.println("[reliability] " + line);
        String file = System.getProperty("reliability.figures");
        if (file != null) {
            try {
                Files.writeString(Path.of(file), line + System.lineSeparator(), StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                System.out.println("[reliability] cannot write " + file + ": " + e);
            }
        }
    }

    static int intProperty(String name, int fallback) {
        String value = System.getProperty(name);
        return value == null || value.isBlank() ? fallback : Integer.parseInt(value.trim());
    }
}
