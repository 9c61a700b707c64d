package dev.asyncsqlite.r2dbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncsqlite.ConnectOptions;
import io.r2dbc.spi.ConnectionFactoryOptions;
import java.io.IOException;
import java.net.URLEncoder;
import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/** What the README says the driver takes, it takes: its URLs, every option's default, every engine name. */
class ReadmeOptionsTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Pattern TICKED = Pattern.compile("`([^`]+)`");

    private static String readme() throws IOException {
        return Files.readString(Path.of("..", "README.md"));
    }

    /** The rows of the R2DBC options table, each split into its cells. */
    private static List<String[]> optionRows() throws IOException {
        List<String[]> rows = new ArrayList<>();
        boolean inTable = false;
        for (String line : readme().split("\n")) {
            if (line.startsWith("| option | what | default |")) {
                inTable = true;
            } else if (inTable && line.startsWith("| `")) {
                String[] cells = line.split("\\|");
                rows.add(new String[] {cells[1].strip(), cells[2].strip(), cells[3].strip()});
            } else if (inTable && !line.startsWith("|")) {
                break;
            }
        }
        return rows;
    }

    private static List<String> ticked(String cell) {
        List<String> found = new ArrayList<>();
        Matcher m = TICKED.matcher(cell);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    private static ConnectOptions withOption(String name, String value) {
        String url = "r2dbc:sqlite:///:memory:?" + name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8);
        return SqliteConnectionFactoryProvider.poolOptions(ConnectionFactoryOptions.parse(url)).connectOptions();
    }

    @Test
    void everyDefaultTheOptionsTableGivesIsAcceptedAsAValue() throws IOException {
        List<String[]> rows = optionRows();
        assertThat(rows).as("the README's R2DBC options table").hasSizeGreaterThan(5);
        for (String[] row : rows) {
            String option = ticked(row[0]).get(0);
            for (String value : ticked(row[2])) {
                withOption(option, value);
            }
        }
    }

    @Test
    void everyEngineTheOptionsTableNamesOpensADatabase() throws IOException {
        String[] engineRow = optionRows().stream().filter(r -> r[0].equals("`engine`")).findFirst().orElseThrow();
        List<String> engines = ticked(engineRow[1]);
        assertThat(engines).as("engine names in the engine row").isNotEmpty();
        for (String engine : engines) {
            assertThat(withOption("engine", engine).engine()).isEqualTo(engine);
            if (engine.equals("native") && Runtime.version().feature() < 22) {
                continue;   // the native engine is built and on the class path only on JDK 22+
            }
            try (SqliteConnectionFactory factory = SqliteConnectionFactory.of("r2dbc:sqlite:///:memory:?engine=" + engine)) {
                Mono.usingWhen(Mono.from(factory.create()),
                        c -> Mono.from(c.createStatement("SELECT 1").execute()).flatMap(r -> Mono.from(r.map((row, m) -> row.get(0, Integer.class)))),
                        c -> c.close()).as(m -> assertThat(m.block(WAIT)).as(engine).isEqualTo(1));
            }
        }
    }

    @Test
    void everySqliteUrlOfTheReadmeIsRead() throws IOException {
        Matcher urls = Pattern.compile("r2dbc:sqlite:[^\\s`'\"<>)|]+").matcher(readme());
        int read = 0;
        while (urls.find()) {
            // A Spring placeholder reads as its default: ${TODOS_DB:./todos.db} is ./todos.db.
            String url = urls.group().replaceAll("\\$\\{[^:}]+:([^}]*)}", "$1").replaceAll("[.,;]$", "");
            if (url.equals("r2dbc:sqlite:")) {
                continue;   // the scheme named in prose
            }
            assertThat(SqliteConnectionFactoryProvider.poolOptions(SqliteConnectionFactoryProvider.parseUrl(url))).as(url).isNotNull();
            read++;
        }
        assertThat(read).isGreaterThan(5);
    }
}
