package dev.asyncsqlite;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The layering of DESIGN.md, held by the build. */
class ArchitectureTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        // Main classes only, also when another module runs this test from the core's test jar.
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.contains("-tests.jar"))
                .importPackages("dev.asyncsqlite");
    }

    @Test
    void onlyTheEngineTouchesSqliteJdbcOrJdbc() {
        noClasses().that().resideOutsideOfPackage("dev.asyncsqlite.internal.engine..")
                .should().dependOnClassesThat().resideInAnyPackage("org.sqlite..", "java.sql..")
                .check(classes);
    }

    @Test
    void onlyTheWorkerCreatesThreads() {
        noClasses().that().resideOutsideOfPackage("dev.asyncsqlite.internal.worker..")
                .should().callConstructor(Thread.class, Runnable.class)
                .orShould().callConstructor(Thread.class, Runnable.class, String.class)
                .orShould().callMethod(Thread.class, "start")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.util.concurrent.Executors")
                .orShould().callMethod(java.lang.ref.Cleaner.class, "create")
                .check(classes);
    }

    @Test
    void libraryCodeDoesNotPrint() {
        noClasses().should().accessField(System.class, "out").orShould().accessField(System.class, "err")
                .orShould().callMethod(Throwable.class, "printStackTrace")
                .check(classes);
    }

    @Test
    void thePublicApiUsesOnlyTheEntryPointsOfTheImplementation() {
        noClasses().that().resideInAPackage("dev.asyncsqlite")
                .and().doNotHaveSimpleName("AsyncSqlite").and().doNotHaveSimpleName("RowMapper")
                .should().dependOnClassesThat().resideInAPackage("dev.asyncsqlite.internal..")
                .check(classes);
    }

    @Test
    void theEngineKnowsNothingOfSessionsOrWorkers() {
        noClasses().that().resideInAPackage("dev.asyncsqlite.internal.engine..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.asyncsqlite.internal.session..",
                        "dev.asyncsqlite.internal.worker..")
                .check(classes);
    }

    @Test
    void theWorkerKnowsNothingOfSqlite() {
        noClasses().that().resideInAPackage("dev.asyncsqlite.internal.worker..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.asyncsqlite.internal.engine..",
                        "dev.asyncsqlite.internal.session..", "org.sqlite..", "java.sql..")
                .check(classes);
    }
}
