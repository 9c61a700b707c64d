package dev.asyncsqlite.r2dbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Record2;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** jOOQ in R2DBC mode with its SQLite dialect, over this driver's factory, as jOOQ's users write it. */
class JooqTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Table<Record> BOOK = table(name("book"));
    private static final Field<Long> ID = field(name("id"), Long.class);
    private static final Field<String> TITLE = field(name("title"), String.class);
    private static final Field<Integer> YEAR = field(name("year"), Integer.class);

    private Path database;
    private SqliteConnectionFactory factory;
    private DSLContext ctx;

    @BeforeEach
    void setUp() {
        database = TestDatabases.newFile("jooq");
        factory = SqliteConnectionFactory.of("r2dbc:sqlite://" + database);
        ctx = DSL.using(factory, SQLDialect.SQLITE);
        Mono.from(ctx.createTable(BOOK)
                        .column(ID, org.jooq.impl.SQLDataType.BIGINT.identity(true))
                        .column(TITLE, org.jooq.impl.SQLDataType.VARCHAR(200).notNull())
                        .column(YEAR, org.jooq.impl.SQLDataType.INTEGER)
                        .primaryKey(ID))
                .block(WAIT);
    }

    @AfterEach
    void tearDown() {
        factory.close();
        TestDatabases.delete(database);
    }

    private List<String> titles() {
        return Flux.from(ctx.select(TITLE).from(BOOK).orderBy(ID)).map(r -> r.get(TITLE)).collectList().block(WAIT);
    }

    @Test
    void insertReturningHandsBackTheGeneratedKeys() {
        Record first = Mono.from(ctx.insertInto(BOOK, TITLE, YEAR).values("Dune", 1965).returningResult(ID, TITLE)).block(WAIT);
        List<Long> next = Flux.from(ctx.insertInto(BOOK, TITLE, YEAR).values("Emma", 1815).values("Ubik", 1969).returningResult(ID))
                .map(r -> r.get(ID)).collectList().block(WAIT);

        assertThat(first.get(ID)).isEqualTo(1L);
        assertThat(first.get(TITLE)).isEqualTo("Dune");
        assertThat(next).containsExactly(2L, 3L);
    }

    @Test
    void selectBindsParametersAndMapsTypedFields() {
        Mono.from(ctx.insertInto(BOOK, TITLE, YEAR).values("Dune", 1965).values("Emma", 1815).values("Ubik", 1969)).block(WAIT);

        List<Record2<String, Integer>> modern = Flux.from(ctx.select(TITLE, YEAR).from(BOOK).where(YEAR.gt(1900)).and(TITLE.like("%u%"))
                .orderBy(YEAR.desc()).limit(10).offset(0)).collectList().block(WAIT);
        Integer count = Mono.from(ctx.selectCount().from(BOOK).where(YEAR.isNotNull())).map(r -> r.value1()).block(WAIT);

        assertThat(modern).extracting(r -> r.get(TITLE)).containsExactly("Ubik", "Dune");
        assertThat(modern).extracting(r -> r.get(YEAR)).containsExactly(1969, 1965);
        assertThat(count).isEqualTo(3);
    }

    @Test
    void batchRunsEveryStatementAndCountsEachOne() {
        List<Integer> bound = Flux.from(ctx.batch(ctx.insertInto(BOOK, TITLE, YEAR).values((String) null, (Integer) null))
                .bind("Dune", 1965).bind("Emma", 1815).bind("Ubik", 1969)).collectList().block(WAIT);
        List<Integer> statements = Flux.from(ctx.batch(
                ctx.update(BOOK).set(YEAR, 1966).where(TITLE.eq("Dune")),
                ctx.deleteFrom(BOOK).where(TITLE.eq("Emma")))).collectList().block(WAIT);

        assertThat(bound).containsExactly(1, 1, 1);
        assertThat(statements).containsExactly(1, 1);
        assertThat(titles()).containsExactly("Dune", "Ubik");
    }

    @Test
    void transactionPublisherCommitsOrRollsBackAsAWhole() {
        Flux.from(ctx.transactionPublisher(trx -> Flux.concat(
                trx.dsl().insertInto(BOOK, TITLE).values("kept"),
                trx.dsl().insertInto(BOOK, TITLE).values("kept too")))).blockLast(WAIT);

        Flux.from(ctx.transactionPublisher(trx -> Flux.concat(
                        trx.dsl().insertInto(BOOK, TITLE).values("lost"),
                        trx.dsl().insertInto(BOOK, TITLE).values((String) null))))
                .as(StepVerifier::create)
                .expectNext(1)
                .expectErrorSatisfies(e -> assertThat(e).hasStackTraceContaining("NOT NULL constraint failed"))
                .verify(WAIT);

        assertThat(titles()).containsExactly("kept", "kept too");
    }
}
