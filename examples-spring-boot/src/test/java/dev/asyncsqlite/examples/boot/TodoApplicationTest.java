package dev.asyncsqlite.examples.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncsqlite.r2dbc.SqliteConnectionFactory;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Wrapped;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/**
 * The application as it starts from {@code application.properties}: Boot's auto-configuration
 * from the URL alone, its default r2dbc-pool in front of the driver, the schema from
 * {@code spring.sql.init}, and requests served by Netty on a random port.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class TodoApplicationTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Autowired
    WebTestClient web;

    @Autowired
    TodoRepository repository;

    @Autowired
    ConnectionFactory connectionFactory;

    @Autowired
    DatabaseClient databaseClient;

    /** The one setting a test changes: a fresh database file instead of ./todos.db. */
    @DynamicPropertySource
    static void freshDatabase(DynamicPropertyRegistry registry) throws IOException {
        Path dir = Files.createDirectories(Path.of("target", "test-databases"));
        Path file = Files.createTempDirectory(dir, "todos").resolve("todos.db").toAbsolutePath();
        registry.add("TODOS_DB", file::toString);
    }

    @BeforeEach
    void emptyList() {
        repository.deleteAll().block(WAIT);
    }

    @AfterEach
    void everyPooledConnectionIsBackInThePool() {
        ConnectionPool pool = (ConnectionPool) connectionFactory;
        assertThat(pool.getMetrics().orElseThrow().acquiredSize()).as("connections still acquired").isZero();
    }

    private Todo add(String title, int priority) {
        return web.post().uri("/todos").bodyValue(Map.of("title", title, "priority", priority))
                .exchange()
                .expectStatus().isCreated()
                .expectBody(Todo.class).returnResult().getResponseBody();
    }

    private List<String> titles(String uri) {
        return web.get().uri(uri).exchange()
                .expectStatus().isOk()
                .expectBodyList(Todo.class).returnResult().getResponseBody()
                .stream().map(Todo::title).toList();
    }

    @Test
    void bootPutsItsDefaultPoolInFrontOfTheDriverAndRanTheSchemaScript() {
        assertThat(connectionFactory).isInstanceOf(ConnectionPool.class);
        Object driver = connectionFactory;
        while (driver instanceof Wrapped<?> wrapped) {
            driver = wrapped.unwrap();
        }
        assertThat(driver).isInstanceOf(SqliteConnectionFactory.class);
        assertThat(databaseClient.sql("SELECT name FROM sqlite_master WHERE type = 'table' AND name = :name")
                .bind("name", "todo").map(row -> row.get(0, String.class)).one().block(WAIT))
                .isEqualTo("todo");
    }

    @Test
    void anAddedTodoGetsAnIdFromSqliteAndReadsBack() {
        Todo milk = add("buy milk", 2);

        assertThat(milk.id()).isNotNull();
        assertThat(milk).isEqualTo(new Todo(milk.id(), "buy milk", 2, false));
        web.get().uri("/todos/{id}", milk.id()).exchange()
                .expectStatus().isOk()
                .expectBody(Todo.class).isEqualTo(milk);
        web.delete().uri("/todos/{id}", milk.id()).exchange().expectStatus().isNoContent();
        web.get().uri("/todos/{id}", milk.id()).exchange().expectStatus().isNotFound();
    }

    @Test
    void theListIsPagedAndSortedByTheRequest() {
        for (int i = 1; i <= 7; i++) {
            add("task " + i, i % 3);
        }

        assertThat(titles("/todos?page=0&size=3")).containsExactly("task 1", "task 2", "task 3");
        assertThat(titles("/todos?page=2&size=3")).containsExactly("task 7");
        assertThat(titles("/todos?page=0&size=4&sort=title&direction=DESC"))
                .containsExactly("task 7", "task 6", "task 5", "task 4");
    }

    @Test
    void openTodosComeFromTheDerivedQueryMostUrgentFirst() {
        add("low", 1);
        add("high", 4);
        add("medium", 2);
        repository.save(new Todo(null, "finished", 5, true)).block(WAIT);
        add("also low", 1);

        assertThat(titles("/todos/open")).containsExactly("high", "medium", "low", "also low");
    }

    @Test
    void searchBindsTheNamedParametersOfTheHandWrittenQuery() {
        add("buy milk", 1);
        add("buy bread", 3);
        add("call the plumber", 5);

        assertThat(titles("/todos/search?q=buy")).containsExactly("buy bread", "buy milk");
        assertThat(titles("/todos/search?q=buy&minPriority=2")).containsExactly("buy bread");
    }

    @Test
    void aBatchWithARefusedTodoIsRolledBackWhole() {
        add("already there", 1);

        web.post().uri("/todos/batch")
                .bodyValue(List.of(Map.of("title", "first", "priority", 1), Map.of("title", "", "priority", 2)))
                .exchange()
                .expectStatus().isBadRequest()
                .expectBody(String.class).value(message -> assertThat(message).contains("CHECK constraint failed"));
        assertThat(titles("/todos")).containsExactly("already there");

        web.post().uri("/todos/batch")
                .bodyValue(List.of(Map.of("title", "first", "priority", 1), Map.of("title", "second", "priority", 2)))
                .exchange()
                .expectStatus().isCreated();
        assertThat(titles("/todos")).containsExactly("already there", "first", "second");
    }

    @Test
    void urgentTodosAndCompletionGoThroughTheEntityTemplatesCriteria() {
        add("minor", 1);
        add("major", 4);
        add("critical", 5);
        add("medium", 3);

        assertThat(titles("/todos/urgent?minPriority=3")).containsExactly("critical", "major", "medium");
        web.post().uri("/todos/complete?maxPriority=4").exchange()
                .expectStatus().isOk()
                .expectBody(Long.class).isEqualTo(3L);
        assertThat(titles("/todos/urgent?minPriority=0")).containsExactly("critical");
    }

    @Test
    void theLiveListStreamsTheOpenTodosAtOnceAndAgainAfterEachCommittedChange() throws Exception {
        add("already there", 1);
        BlockingQueue<ServerSentEvent<List<Todo>>> events = new LinkedBlockingQueue<>();
        Flux<ServerSentEvent<List<Todo>>> stream = web.get().uri("/todos/live").accept(MediaType.TEXT_EVENT_STREAM)
                .exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.TEXT_EVENT_STREAM)
                .returnResult(new ParameterizedTypeReference<ServerSentEvent<List<Todo>>>() { })
                .getResponseBody();
        Disposable subscription = stream.subscribe(events::add);
        try {
            ServerSentEvent<List<Todo>> first = events.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(first).as("the first event, at once").isNotNull();
            assertThat(first.event()).isEqualTo("open");
            assertThat(first.data()).extracting(Todo::title).containsExactly("already there");

            Todo milk = add("buy milk", 3);
            ServerSentEvent<List<Todo>> second = events.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(second).as("an event after the commit").isNotNull();
            assertThat(second.data()).containsExactly(milk, new Todo(first.data().get(0).id(), "already there", 1, false));

            web.post().uri("/todos/complete?maxPriority=3").exchange().expectStatus().isOk();
            ServerSentEvent<List<Todo>> third = events.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(third).as("an event after the update").isNotNull();
            assertThat(third.data()).as("done items leave the list").isEmpty();
        } finally {
            subscription.dispose();
        }
    }
}
