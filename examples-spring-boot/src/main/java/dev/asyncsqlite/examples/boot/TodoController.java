package dev.asyncsqlite.examples.boot;

import dev.asyncsqlite.RowMapper;
import dev.asyncsqlite.r2dbc.SqliteConnectionFactory;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Wrapped;
import java.util.List;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.adapter.JdkFlowAdapter;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The HTTP face of the to-do list. Every handler returns at once with a publisher: the database
 * work runs on the driver's connection threads, never on Netty's event loop.
 */
@RestController
@RequestMapping("/todos")
public class TodoController {
    private static final String OPEN_TODOS = "SELECT id, title, priority, done FROM todo WHERE NOT done"
            + " ORDER BY priority DESC, id";

    private final TodoRepository repository;
    private final TodoService service;
    private final SqliteConnectionFactory database;

    /**
     * Creates the controller; Spring does this.
     *
     * @param repository the items
     * @param service the transactional and {@code Criteria} operations
     * @param connectionFactory Boot's connection factory: the driver's, behind Boot's pool
     */
    public TodoController(TodoRepository repository, TodoService service, ConnectionFactory connectionFactory) {
        this.repository = repository;
        this.service = service;
        this.database = driverOf(connectionFactory);
    }

    // Boot puts its r2dbc-pool (or its own wrapper) in front of the driver's factory.
    private static SqliteConnectionFactory driverOf(ConnectionFactory factory) {
        Object current = factory;
        while (current instanceof Wrapped<?> wrapped && !(current instanceof SqliteConnectionFactory)) {
            current = wrapped.unwrap();
        }
        if (current instanceof SqliteConnectionFactory driver) {
            return driver;
        }
        throw new IllegalStateException("the connection factory is not asyncsqlite's: " + factory);
    }

    /**
     * What a client sends to add an item.
     *
     * @param title what to do
     * @param priority higher is more urgent
     */
    public record NewTodo(String title, int priority) {
        Todo toTodo() {
            return Todo.open(title, priority);
        }
    }

    /**
     * {@code POST /todos}: adds an item.
     *
     * @param todo the item
     * @return the saved item, with the id SQLite gave it
     */
    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    public Mono<Todo> add(@RequestBody NewTodo todo) {
        return repository.save(todo.toTodo());
    }

    /**
     * {@code POST /todos/batch}: adds all the items or, if one is refused, none.
     *
     * @param todos the items
     * @return the saved items, answered once the transaction has committed
     */
    @PostMapping("/batch")
    @ResponseStatus(HttpStatus.CREATED)
    public Mono<List<Todo>> addAll(@RequestBody List<NewTodo> todos) {
        return service.addAll(todos.stream().map(NewTodo::toTodo).toList()).collectList();
    }

    /**
     * {@code GET /todos/{id}}: one item.
     *
     * @param id its id
     * @return the item, or 404
     */
    @GetMapping("/{id}")
    public Mono<ResponseEntity<Todo>> get(@PathVariable long id) {
        return repository.findById(id).map(ResponseEntity::ok).defaultIfEmpty(ResponseEntity.notFound().build());
    }

    /**
     * {@code GET /todos?page=0&size=20&sort=priority&direction=DESC}: a page of items.
     *
     * @param page the page, from 0
     * @param size items per page
     * @param sort the property to sort by
     * @param direction {@code ASC} or {@code DESC}
     * @return the items of the page
     */
    @GetMapping
    public Flux<Todo> list(@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size,
            @RequestParam(defaultValue = "id") String sort, @RequestParam(defaultValue = "ASC") Sort.Direction direction) {
        return repository.findAllBy(PageRequest.of(page, size, Sort.by(direction, sort)));
    }

    /**
     * {@code GET /todos/open}: the items not done, most urgent first.
     *
     * @return those items
     */
    @GetMapping("/open")
    public Flux<Todo> open() {
        return repository.findByDoneOrderByPriorityDescIdAsc(false);
    }

    /**
     * {@code GET /todos/search?q=milk&minPriority=1}: items whose title contains a text.
     *
     * @param q the text
     * @param minPriority the lowest priority to include
     * @return the matching items
     */
    @GetMapping("/search")
    public Flux<Todo> search(@RequestParam String q, @RequestParam(defaultValue = "0") int minPriority) {
        return repository.search("%" + q + "%", minPriority);
    }

    /**
     * {@code GET /todos/urgent?minPriority=3}: open items of at least a priority.
     *
     * @param minPriority the lowest priority to include
     * @return those items
     */
    @GetMapping("/urgent")
    public Flux<Todo> urgent(@RequestParam(defaultValue = "3") int minPriority) {
        return service.urgent(minPriority);
    }

    /**
     * {@code POST /todos/complete?maxPriority=1}: marks done the open items of at most a priority.
     *
     * @param maxPriority the highest priority to mark done
     * @return how many were marked
     */
    @PostMapping("/complete")
    public Mono<Long> complete(@RequestParam int maxPriority) {
        return service.completeUpTo(maxPriority);
    }

    /**
     * {@code DELETE /todos/{id}}: removes an item.
     *
     * @param id its id
     * @return nothing, once it is gone
     */
    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    public Mono<Void> delete(@PathVariable long id) {
        return repository.deleteById(id);
    }

    /**
     * {@code GET /todos/live} ({@code text/event-stream}): the items not done, most urgent first,
     * as one server-sent event at once and another each time a committed change alters them. The
     * query is watched on the driver's pool, which also runs every write of the application, so a
     * change is seen the moment it commits; a client that disconnects cancels the watch.
     *
     * @return the stream of lists
     */
    @GetMapping(path = "/live", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    public Flux<ServerSentEvent<List<Todo>>> live() {
        return Mono.fromFuture(database::pool)
                .flatMapMany(pool -> JdkFlowAdapter.flowPublisherToFlux(pool.watch(OPEN_TODOS, RowMapper.of(Todo.class))))
                .map(todos -> ServerSentEvent.builder(todos).event("open").build());
    }

    /**
     * An item the table refused (an empty title) is the client's mistake: 400, not 500.
     *
     * @param e what the database said
     * @return its message
     */
    @ExceptionHandler(DataIntegrityViolationException.class)
    @ResponseStatus(HttpStatus.BAD_REQUEST)
    public Mono<String> refused(DataIntegrityViolationException e) {
        return Mono.just(e.getMostSpecificCause().getMessage());
    }
}
