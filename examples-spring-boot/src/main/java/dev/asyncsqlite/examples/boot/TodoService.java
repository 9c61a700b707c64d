package dev.asyncsqlite.examples.boot;

import static org.springframework.data.relational.core.query.Criteria.where;
import static org.springframework.data.relational.core.query.Query.query;

import java.util.List;
import org.springframework.data.domain.Sort;
import org.springframework.data.r2dbc.core.R2dbcEntityTemplate;
import org.springframework.data.relational.core.query.Update;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** What takes more than one repository call: a transaction, and queries built with {@code Criteria}. */
@Service
public class TodoService {
    private final TodoRepository repository;
    private final R2dbcEntityTemplate template;

    /**
     * Creates the service; Spring does this.
     *
     * @param repository the items
     * @param template Spring Data's entity template, for queries built with {@code Criteria}
     */
    public TodoService(TodoRepository repository, R2dbcEntityTemplate template) {
        this.repository = repository;
        this.template = template;
    }

    /**
     * Saves all the items or none: in one transaction (SQLite's {@code BEGIN IMMEDIATE} on the
     * driver's writer), rolled back if any insert fails.
     *
     * @param todos the items to add, in order
     * @return the saved items with their ids; an error, and nothing saved, if one was refused
     */
    @Transactional
    public Flux<Todo> addAll(List<Todo> todos) {
        return Flux.fromIterable(todos).concatMap(repository::save);
    }

    /**
     * The open items of at least a priority, most urgent first, through {@code Criteria}.
     *
     * @param minPriority the lowest priority to include
     * @return those items
     */
    public Flux<Todo> urgent(int minPriority) {
        return template.select(Todo.class)
                .matching(query(where("done").isFalse().and("priority").greaterThanOrEquals(minPriority))
                        .sort(Sort.by(Sort.Order.desc("priority"), Sort.Order.asc("id"))))
                .all();
    }

    /**
     * Marks done every open item of at most a priority, with one {@code UPDATE}.
     *
     * @param maxPriority the highest priority to mark done
     * @return how many items were marked
     */
    public Mono<Long> completeUpTo(int maxPriority) {
        return template.update(Todo.class)
                .matching(query(where("done").isFalse().and("priority").lessThanOrEquals(maxPriority)))
                .apply(Update.update("done", true));
    }
}
