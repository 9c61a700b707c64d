package dev.asyncsqlite.r2dbc.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.data.relational.core.query.Criteria.where;
import static org.springframework.data.relational.core.query.Query.query;

import dev.asyncsqlite.r2dbc.SqliteConnectionFactory;
import io.r2dbc.spi.ConnectionFactory;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.data.annotation.Id;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.data.r2dbc.core.R2dbcEntityTemplate;
import org.springframework.data.r2dbc.dialect.DialectResolver;
import org.springframework.data.r2dbc.repository.support.R2dbcRepositoryFactory;
import org.springframework.data.relational.core.mapping.Table;
import org.springframework.data.relational.core.query.Update;
import org.springframework.data.repository.reactive.ReactiveCrudRepository;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.binding.BindMarkersFactoryResolver;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** Spring Data R2DBC on SQLite through this driver, with no SQLite-specific user code. */
class SpringDataR2dbcTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private SqliteConnectionFactory factory;
    private R2dbcEntityTemplate template;
    private PersonRepository repository;

    /** A mapped entity. */
    @Table("person")
    static final class Person {
        @Id
        Long id;
        String name;
        Integer age;

        Person() {
        }

        Person(String name, int age) {
            this.name = name;
            this.age = age;
        }

        Long getId() {
            return id;
        }

        String getName() {
            return name;
        }

        Integer getAge() {
            return age;
        }

        @Override
        public String toString() {
            return name + "(" + age + ")";
        }
    }

    /** A repository interface Spring implements. */
    interface PersonRepository extends ReactiveCrudRepository<Person, Long> {
        Flux<Person> findByAgeGreaterThan(int age, Pageable page);

        Mono<Person> findByName(String name);
    }

    @BeforeEach
    void setUp() {
        factory = SqliteConnectionFactory.of("r2dbc:sqlite://" + dir.resolve("spring.db").toAbsolutePath());
        template = new R2dbcEntityTemplate(factory);
        repository = new R2dbcRepositoryFactory(template).getRepository(PersonRepository.class);
        template.getDatabaseClient()
                .sql("CREATE TABLE person (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL, age INTEGER)")
                .then().block(WAIT);
    }

    @AfterEach
    void tearDown() {
        factory.close();
    }

    @Test
    void theDialectIsFoundThroughSpringFactories() {
        assertThat(DialectResolver.getDialect(factory)).isInstanceOf(SqliteDialect.class);
    }

    @Test
    void databaseClientFindsSqlitesBindMarkersThroughSpringFactories() {
        assertThat(BindMarkersFactoryResolver.resolve(factory)).isSameAs(SqliteDialect.INSTANCE.getBindMarkersFactory());

        DatabaseClient client = DatabaseClient.create(factory);
        client.sql("INSERT INTO person (name, age) VALUES (:name, :age)").bind("name", "Dora").bind("age", 52)
                .fetch().rowsUpdated()
                .as(StepVerifier::create).expectNext(1L).expectComplete().verify(WAIT);
        client.sql("SELECT name FROM person WHERE age > :min AND name <> :other")
                .bind("min", 50).bind("other", "nobody")
                .map(row -> row.get("name", String.class)).all()
                .as(StepVerifier::create).expectNext("Dora").expectComplete().verify(WAIT);
    }

    @Test
    void theBindMarkersAreOnlyForThisDriversFactories() {
        ConnectionFactory other = new ConnectionFactory() {
            @Override
            public org.reactivestreams.Publisher<? extends io.r2dbc.spi.Connection> create() {
                throw new UnsupportedOperationException();
            }

            @Override
            public io.r2dbc.spi.ConnectionFactoryMetadata getMetadata() {
                return () -> "Some other database";
            }
        };
        assertThat(new SqliteBindMarkersFactoryProvider().getBindMarkers(other)).isNull();
        assertThat(new SqliteDialectProvider().getDialect(other)).isEmpty();
    }

    @Test
    void templateInsertsSelectsByCriteriaUpdatesAndDeletes() {
        template.insert(new Person("Alice", 30))
                .as(StepVerifier::create)
                .assertNext(p -> assertThat(p.getId()).as("generated key").isEqualTo(1L))
                .expectComplete()
                .verify(WAIT);
        template.insert(new Person("Bob", 24)).then(template.insert(new Person("Carol", 41)).then())
                .as(StepVerifier::create).expectComplete().verify(WAIT);

        template.select(Person.class)
                .matching(query(where("age").greaterThan(25)).sort(Sort.by("name")))
                .all()
                .map(Person::getName)
                .as(StepVerifier::create)
                .expectNext("Alice", "Carol")
                .expectComplete()
                .verify(WAIT);

        template.update(Person.class)
                .matching(query(where("name").is("Alice")))
                .apply(Update.update("age", 31))
                .as(StepVerifier::create)
                .expectNext(1L)
                .expectComplete()
                .verify(WAIT);
        template.selectOne(query(where("name").is("Alice")), Person.class)
                .map(Person::getAge)
                .as(StepVerifier::create)
                .expectNext(31)
                .expectComplete()
                .verify(WAIT);

        template.delete(Person.class)
                .matching(query(where("name").is("Bob")))
                .all()
                .as(StepVerifier::create)
                .expectNext(1L)
                .expectComplete()
                .verify(WAIT);
        template.count(query(where("age").isNotNull()), Person.class)
                .as(StepVerifier::create)
                .expectNext(2L)
                .expectComplete()
                .verify(WAIT);
    }

    @Test
    void repositorySavesFindsPagesUpdatesAndDeletes() {
        Flux.range(1, 10)
                .concatMap(i -> repository.save(new Person("p" + i, 20 + i)))
                .map(Person::getId)
                .as(StepVerifier::create)
                .expectNext(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L)
                .expectComplete()
                .verify(WAIT);

        repository.findByAgeGreaterThan(22, PageRequest.of(1, 3, Sort.by("age")))
                .map(Person::getName)
                .as(StepVerifier::create)
                .expectNext("p6", "p7", "p8")
                .expectComplete()
                .verify(WAIT);

        repository.findByName("p4")
                .flatMap(p -> {
                    p.age = 99;
                    return repository.save(p);
                })
                .then(repository.findById(4L))
                .map(Person::getAge)
                .as(StepVerifier::create)
                .expectNext(99)
                .expectComplete()
                .verify(WAIT);

        repository.deleteById(4L)
                .then(repository.count())
                .as(StepVerifier::create)
                .expectNext(9L)
                .expectComplete()
                .verify(WAIT);
    }

    @Test
    void transactionalOperatorCommitsAndRollsBack() {
        TransactionalOperator tx = TransactionalOperator.create(new R2dbcTransactionManager(factory));

        repository.save(new Person("kept", 1))
                .then(repository.save(new Person("kept too", 2)))
                .as(tx::transactional)
                .then(repository.count())
                .as(StepVerifier::create)
                .expectNext(2L)
                .expectComplete()
                .verify(WAIT);

        repository.save(new Person("lost", 3))
                .then(Mono.error(new IllegalStateException("boom")))
                .as(tx::transactional)
                .as(StepVerifier::create)
                .expectErrorMessage("boom")
                .verify(WAIT);

        repository.findAll()
                .map(Person::getName)
                .sort()
                .as(StepVerifier::create)
                .expectNext("kept", "kept too")
                .expectComplete()
                .verify(WAIT);
    }
}
