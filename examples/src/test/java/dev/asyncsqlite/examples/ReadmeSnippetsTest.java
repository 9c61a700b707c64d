package dev.asyncsqlite.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncsqlite.AsyncSqlite;
import dev.asyncsqlite.r2dbc.SqliteConnectionFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;

/**
 * Every {@code ```java} block of every README compiles. A block is compiled as the body of a
 * method, with the imports and declarations that an HTML comment right above it names:
 *
 * <pre>{@code
 * <!-- snippet: import io.r2dbc.spi.Connection; Connection db; long id; void reply(String name) -->
 * }</pre>
 *
 * <p>Declarations are separated by semicolons and become members of the class around the block:
 * a variable a field, a method (written without a body) a method that throws, a type written
 * out in braces a nested type;
 * imports of the core's API and of {@code java.util}, {@code java.util.concurrent},
 * {@code java.nio.file} and {@code java.time} are always there. A block that quotes a file of
 * the project instead ({@code <!-- snippet: from path/to/File.java -->}) must appear in that
 * file as written; the build compiles the file.
 */
class ReadmeSnippetsTest {
    private static final Pattern CONTEXT = Pattern.compile("<!--\\s*snippet:(.*?)-->", Pattern.DOTALL);
    private static final List<String> DEFAULT_IMPORTS = List.of("dev.asyncsqlite.*", "java.util.*",
            "java.util.concurrent.*", "java.nio.file.*", "java.time.*");

    /** One {@code ```java} block: where it is, what it says, and the comment above it. */
    record Snippet(Path readme, int line, String code, String context) {
        String where() {
            return readme + ":" + line;
        }
    }

    static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        while (!Files.exists(dir.resolve("mvnw"))) {
            dir = dir.getParent();
        }
        return dir;
    }

    /** README.md at the root and in every module. */
    static List<Path> readmes() {
        try (Stream<Path> modules = Files.list(root())) {
            List<Path> all = new ArrayList<>();
            all.add(root().resolve("README.md"));
            modules.map(m -> m.resolve("README.md")).filter(Files::isRegularFile).sorted().forEach(all::add);
            return all;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Snippet> snippets(Path readme) {
        List<String> lines;
        try {
            lines = Files.readAllLines(readme);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Snippet> found = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).strip().equals("```java")) {
                continue;
            }
            int start = i + 1;
            int end = start;
            while (!lines.get(end).strip().equals("```")) {
                end++;
            }
            String context = "";
            Matcher m = CONTEXT.matcher(i > 0 ? lines.get(i - 1) : "");
            if (m.find()) {
                context = m.group(1).strip();
            }
            found.add(new Snippet(root().relativize(readme), start + 1, String.join("\n", lines.subList(start, end)), context));
            i = end;
        }
        return found;
    }

    /** The class a block compiles in, and the line of the class where the block begins. */
    record Wrapped(String className, String source, int firstLine) {
    }

    static Wrapped wrap(Snippet snippet, int n) {
        List<String> imports = new ArrayList<>();
        DEFAULT_IMPORTS.forEach(i -> imports.add("import " + i + ";"));
        List<String> members = new ArrayList<>();
        for (String declaration : declarations(snippet.context())) {
            if (declaration.startsWith("import ")) {
                imports.add(declaration + ";");
            } else if (declaration.endsWith("}")) {
                members.add("    " + declaration);
            } else if (declaration.endsWith(")")) {
                members.add("    " + declaration + " { throw new UnsupportedOperationException(); }");
            } else {
                members.add("    " + declaration + ";");
            }
        }
        String className = "Snippet" + n;
        StringBuilder source = new StringBuilder();
        imports.forEach(i -> source.append(i).append('\n'));
        source.append("@SuppressWarnings(\"all\")\nclass ").append(className).append(" {\n");
        members.forEach(m -> source.append(m).append('\n'));
        source.append("    void run() throws Exception {\n");
        int firstLine = (int) source.chars().filter(c -> c == '\n').count() + 1;
        source.append(snippet.code()).append("\n    }\n}\n");
        return new Wrapped(className, source.toString(), firstLine);
    }

    /** The context's declarations: split at the semicolons outside braces and parentheses. */
    static List<String> declarations(String context) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        StringBuilder part = new StringBuilder();
        for (char c : context.toCharArray()) {
            if (c == ';' && depth == 0) {
                parts.add(part.toString().strip());
                part.setLength(0);
                continue;
            }
            depth += c == '{' || c == '(' ? 1 : c == '}' || c == ')' ? -1 : 0;
            part.append(c);
        }
        parts.add(part.toString().strip());
        parts.removeIf(String::isEmpty);
        return parts;
    }

    /** Where the classes a snippet may use come from: the core, the R2DBC driver, the R2DBC SPI, Reactor. */
    static String classPath() {
        return Stream.of(AsyncSqlite.class, SqliteConnectionFactory.class, io.r2dbc.spi.ConnectionFactory.class,
                        Flux.class, Publisher.class)
                .map(type -> {
                    try {
                        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
                    } catch (URISyntaxException e) {
                        throw new IllegalStateException(e);
                    }
                })
                .distinct()
                .collect(Collectors.joining(java.io.File.pathSeparator));
    }

    @Test
    void everyJavaSnippetOfEveryReadmeCompiles() throws IOException {
        List<Snippet> compiled = new ArrayList<>();
        List<String> misquoted = new ArrayList<>();
        for (Path readme : readmes()) {
            for (Snippet snippet : snippets(readme)) {
                if (snippet.context().startsWith("from ")) {
                    Path quoted = root().resolve(snippet.context().substring("from ".length()).strip());
                    if (!Files.isRegularFile(quoted) || !Files.readString(quoted).contains(snippet.code())) {
                        misquoted.add(snippet.where() + " is not, as written, in " + quoted);
                    }
                } else {
                    compiled.add(snippet);
                }
            }
        }
        assertThat(compiled).as("the README's Java snippets").isNotEmpty();

        List<Wrapped> sources = new ArrayList<>();
        for (int i = 0; i < compiled.size(); i++) {
            sources.add(wrap(compiled.get(i), i));
        }
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        Path out = Files.createDirectories(Path.of("target", "readme-snippets"));
        try (StandardJavaFileManager files = compiler.getStandardFileManager(diagnostics, Locale.ROOT, null)) {
            List<JavaFileObject> units = sources.stream().map(w -> new SimpleJavaFileObject(
                    java.net.URI.create("string:///" + w.className() + ".java"), JavaFileObject.Kind.SOURCE) {
                @Override
                public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                    return w.source();
                }
            }).collect(Collectors.toList());
            compiler.getTask(null, files, diagnostics,
                    List.of("--release", "17", "-proc:none", "-classpath", classPath(), "-d", out.toString()), null, units).call();
        }
        List<String> errors = new ArrayList<>(misquoted);
        for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
            if (d.getKind() != Diagnostic.Kind.ERROR) {
                continue;
            }
            String name = d.getSource().getName().replaceAll(".*/Snippet(\\d+)\\.java", "$1");
            int index = Integer.parseInt(name);
            Snippet snippet = compiled.get(index);
            long line = snippet.line() + d.getLineNumber() - sources.get(index).firstLine();
            errors.add(snippet.readme() + ":" + line + ": " + d.getMessage(Locale.ROOT).replaceAll("\\s*\\n\\s*", " "));
        }
        assertThat(errors).as("snippets that do not compile (README:line: error)").isEmpty();
    }
}
