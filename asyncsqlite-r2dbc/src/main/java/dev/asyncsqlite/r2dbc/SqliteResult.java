package dev.asyncsqlite.r2dbc;

import dev.asyncsqlite.Cursor;
import io.r2dbc.spi.Result;
import io.r2dbc.spi.Row;
import io.r2dbc.spi.RowMetadata;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;
import org.reactivestreams.Publisher;
import reactor.adapter.JdkFlowAdapter;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The result of one statement: its rows, read from the cursor with back-pressure as they are
 * consumed, then its update count for an {@code INSERT}, {@code UPDATE}, {@code DELETE} or
 * {@code REPLACE}. A result can be consumed once; {@link #filter} makes a view that shares that.
 */
final class SqliteResult implements Result {
    private final Flux<Segment> segments;
    private final AtomicBoolean consumed;

    private SqliteResult(Flux<Segment> segments, AtomicBoolean consumed) {
        this.segments = segments;
        this.consumed = consumed;
    }

    /**
     * The result of a statement that ran.
     *
     * @param cursor the statement's cursor
     * @param dml whether the statement changes rows, and so ends with an update count
     * @param rowsPerHop rows read per hop to the worker
     * @param done run once when the rows are read, the reading fails or is cancelled
     */
    static SqliteResult of(Cursor cursor, boolean dml, int rowsPerHop, Runnable done) {
        Flux<Segment> segments;
        if (cursor.description().isEmpty()) {
            long count = Math.max(0, cursor.rowCount());
            segments = Flux.just(new UpdateCount(count));
            // Nothing is left to read: release the statement now.
            cursor.closeAsync();
            done.run();
        } else {
            SqliteRowMetadata metadata = new SqliteRowMetadata(cursor.description());
            Flux<Segment> rows = JdkFlowAdapter.flowPublisherToFlux(cursor.rows(rowsPerHop))
                    .onErrorMap(Errors::translate)
                    .map(row -> new SqliteRow(row, metadata));
            if (dml) {
                rows = rows.concatWith(Mono.fromSupplier(() -> new UpdateCount(Math.max(0, cursor.rowCount()))));
            }
            segments = rows.doFinally(signal -> {
                cursor.closeAsync();
                done.run();
            });
        }
        return new SqliteResult(segments, new AtomicBoolean());
    }

    private Flux<Segment> consume() {
        return Flux.defer(() -> consumed.compareAndSet(false, true) ? segments
                : Flux.error(new IllegalStateException("this Result has already been consumed: a Result can be consumed once")));
    }

    @Override
    public Publisher<Long> getRowsUpdated() {
        return consume().filter(UpdateCount.class::isInstance).map(s -> ((UpdateCount) s).value());
    }

    @Override
    public <T> Publisher<T> map(BiFunction<Row, RowMetadata, ? extends T> mappingFunction) {
        if (mappingFunction == null) {
            throw new IllegalArgumentException("mappingFunction must not be null");
        }
        return consume().filter(RowSegment.class::isInstance).map(s -> {
            Row row = ((RowSegment) s).row();
            return Objects.requireNonNull(mappingFunction.apply(row, row.getMetadata()), "the mapping function returned null");
        });
    }

    @Override
    public Result filter(Predicate<Segment> filter) {
        if (filter == null) {
            throw new IllegalArgumentException("filter must not be null");
        }
        return new SqliteResult(segments.filter(filter), consumed);
    }

    @Override
    public <T> Publisher<T> flatMap(Function<Segment, ? extends Publisher<? extends T>> mappingFunction) {
        if (mappingFunction == null) {
            throw new IllegalArgumentException("mappingFunction must not be null");
        }
        return consume().concatMap(mappingFunction);
    }

    /** The rows a statement changed. */
    static final class UpdateCount implements Result.UpdateCount {
        private final long value;

        UpdateCount(long value) {
            this.value = value;
        }

        @Override
        public long value() {
            return value;
        }

        @Override
        public String toString() {
            return "UpdateCount{" + value + "}";
        }
    }
}
