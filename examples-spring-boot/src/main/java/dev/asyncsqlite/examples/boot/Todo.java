package dev.asyncsqlite.examples.boot;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/**
 * A to-do item, mapped to the table {@code todo}.
 *
 * @param id the row id SQLite generates on insert; {@code null} for an item not yet saved
 * @param title what to do; the table refuses an empty one
 * @param priority higher is more urgent
 * @param done whether it is done
 */
@Table("todo")
public record Todo(@Id Long id, String title, int priority, boolean done) {
    /**
     * A new, open item, not yet saved.
     *
     * @param title what to do
     * @param priority higher is more urgent
     * @return the item, without an id
     */
    public static Todo open(String title, int priority) {
        return new Todo(null, title, priority, false);
    }
}
