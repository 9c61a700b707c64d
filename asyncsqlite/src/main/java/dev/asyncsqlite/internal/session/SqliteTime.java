package dev.asyncsqlite.internal.session;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.TemporalAccessor;

/**
 * Reads the time values of SQLite's date and time functions: {@code YYYY-MM-DD}, then optionally
 * {@code HH:MM}, {@code :SS} and a fraction, after a space or a {@code T}, then optionally
 * {@code Z} or {@code [+-]HH:MM}. A value without a zone is UTC, as those functions define it
 * ({@code CURRENT_TIMESTAMP}, {@code datetime('now')} and the text asyncsqlite writes for a
 * {@code LocalDateTime} all have none). Any thread.
 */
public final class SqliteTime {
    private static final DateTimeFormatter FORMAT = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .optionalStart().appendLiteral('T').append(DateTimeFormatter.ISO_LOCAL_TIME).optionalEnd()
            .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
            .toFormatter();

    private SqliteTime() {
    }

    /**
     * The point in time a value names; a value without a zone is read as UTC.
     *
     * @param text the value
     * @return the time with its offset, {@code Z} for a value without a zone
     * @throws java.time.format.DateTimeParseException if it is not a SQLite time value
     */
    public static OffsetDateTime offsetDateTime(String text) {
        TemporalAccessor t = FORMAT.parseBest(normalize(text), OffsetDateTime::from, LocalDateTime::from, LocalDate::from);
        if (t instanceof OffsetDateTime) {
            return (OffsetDateTime) t;
        }
        LocalDateTime local = t instanceof LocalDateTime ? (LocalDateTime) t : ((LocalDate) t).atStartOfDay();
        return local.atOffset(ZoneOffset.UTC);
    }

    /**
     * A value without a zone as a local date and time (a date alone is its midnight).
     *
     * @param text the value
     * @return the date and time
     * @throws java.time.format.DateTimeParseException if it is not a SQLite time value without a zone
     */
    public static LocalDateTime localDateTime(String text) {
        TemporalAccessor t = FORMAT.parseBest(normalize(text), LocalDateTime::from, LocalDate::from);
        return t instanceof LocalDateTime ? (LocalDateTime) t : ((LocalDate) t).atStartOfDay();
    }

    // SQLite accepts a space or a T between the date and the time.
    private static String normalize(String text) {
        String s = text.trim();
        return s.length() > 10 && s.charAt(10) == ' ' ? s.substring(0, 10) + 'T' + s.substring(11) : s;
    }
}
