package dev.asyncsqlite.r2dbc;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.equivalentTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.asyncsqlite.internal.session.RowShape;
import dev.asyncsqlite.internal.session.SqlText;
import dev.asyncsqlite.internal.session.SqliteTime;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The driver is an adapter over the core's public API, held so by the build. */
class DriverArchitectureTest {
    private static JavaClasses driver;

    @BeforeAll
    static void importDriver() {
        driver = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.asyncsqlite.r2dbc");
    }

    // Of the core's internals, only SQLite's own rules: its SQL lexer, how it matches names, how
    // its date functions read time values.
    @Test
    void theDriverUsesTheCoresPublicApiAndOnlySqlitesRules() {
        noClasses().should().dependOnClassesThat(resideInAPackage("dev.asyncsqlite.internal..")
                        .and(not(equivalentTo(SqlText.class))).and(not(equivalentTo(RowShape.class)))
                        .and(not(equivalentTo(SqliteTime.class))))
                .check(driver);
    }

    @Test
    void theDriverNeverTouchesSqliteDirectly() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("org.sqlite..", "java.sql..").check(driver);
    }

    @Test
    void onlyTheSpringPackageKnowsSpring() {
        noClasses().that().resideOutsideOfPackage("dev.asyncsqlite.r2dbc.spring..")
                .should().dependOnClassesThat().resideInAPackage("org.springframework..")
                .check(driver);
    }

    @Test
    void driverCodeDoesNotPrint() {
        noClasses().should().accessField(System.class, "out").orShould().accessField(System.class, "err")
                .orShould().callMethod(Throwable.class, "printStackTrace")
                .check(driver);
    }
}
