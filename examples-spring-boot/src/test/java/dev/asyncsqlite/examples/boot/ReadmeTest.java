package dev.asyncsqlite.examples.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's Spring Boot section shows this application as it is. */
class ReadmeTest {
    @Test
    void theReadmeShowsThisApplicationsWholeConfiguration() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        String properties = Files.readString(Path.of("src", "main", "resources", "application.properties"));

        assertThat(readme).contains("```properties\n" + properties + "```");
        assertThat(readme).contains("./mvnw -q -B -pl examples-spring-boot -am compile exec:java");
    }
}
