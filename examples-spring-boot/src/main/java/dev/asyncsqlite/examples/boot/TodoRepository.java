package dev.asyncsqlite.examples.boot;

import org.springframework.data.domain.Pageable;
import org.springframework.data.r2dbc.repository.Query;
import org.springframework.data.repository.reactive.ReactiveCrudRepository;
import reactor.core.publisher.Flux;

/** The to-do items; Spring Data R2DBC implements it, writing SQLite's SQL through the driver's dialect. */
public interface TodoRepository extends ReactiveCrudRepository<Todo, Long> {
    /**
     * A page of items in the page's order: Spring Data adds {@code ORDER BY} and
     * {@code LIMIT}/{@code OFFSET}.
     *
     * @param page which page, of what size, sorted how
     * @return the items of that page
     */
    Flux<Todo> findAllBy(Pageable page);

    /**
     * A derived query: the items that are, or are not, done, most urgent first.
     *
     * @param done which items
     * @return those items
     */
    Flux<Todo> findByDoneOrderByPriorityDescIdAsc(boolean done);

    /**
     * A query written by hand, with named parameters.
     *
     * @param pattern a {@code LIKE} pattern for the title
     * @param minPriority the lowest priority to include
     * @return the matching items, most urgent first
     */
    @Query("SELECT * FROM todo WHERE title LIKE :pattern AND priority >= :minPriority ORDER BY priority DESC, id")
    Flux<Todo> search(String pattern, int minPriority);
}
