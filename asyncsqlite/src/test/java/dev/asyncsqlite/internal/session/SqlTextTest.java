package dev.asyncsqlite.internal.session;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SqlTextTest {

    @Test
    void plainQuestionMarksAreNumberedInOrder() {
        SqlText t = SqlText.parse("SELECT ?, ?, ?");
        assertThat(t.parameterCount()).isEqualTo(3);
        assertThat(t.parameterName(1)).isNull();
    }

    @Test
    void numberedParametersSetTheCountToTheLargestIndex() {
        SqlText t = SqlText.parse("SELECT ?3, ?1, ?");
        assertThat(t.parameterCount()).isEqualTo(4);
        assertThat(t.parameterName(3)).isEqualTo("?3");
        assertThat(t.parameterName(1)).isEqualTo("?1");
        assertThat(t.parameterName(4)).isNull();
    }

    @Test
    void namedParametersShareAnIndexPerName() {
        SqlText t = SqlText.parse("SELECT :a, @b, :a, $c, ?");
        assertThat(t.parameterCount()).isEqualTo(4);
        assertThat(t.parameterName(1)).isEqualTo(":a");
        assertThat(t.parameterName(2)).isEqualTo("@b");
        assertThat(t.parameterName(3)).isEqualTo("$c");
        assertThat(t.parameterName(4)).isNull();
    }

    @Test
    void parametersInsideLiteralsAndCommentsDoNotCount() {
        SqlText t = SqlText.parse("SELECT '?', \"a?\", [?], `?`, x'3f' -- ? :a\n /* ? :b */ , :real");
        assertThat(t.parameterCount()).isEqualTo(1);
        assertThat(t.parameterName(1)).isEqualTo(":real");
    }

    @Test
    void escapedQuotesStayInsideTheLiteral() {
        SqlText t = SqlText.parse("SELECT 'it''s ?', ?");
        assertThat(t.parameterCount()).isEqualTo(1);
    }

    @Test
    void aTrailingStatementIsDetected() {
        assertThat(SqlText.parse("SELECT 1; SELECT 2").hasTrailingStatements()).isTrue();
        assertThat(SqlText.parse("SELECT 1;  -- done\n ;; ").hasTrailingStatements()).isFalse();
        assertThat(SqlText.parse("SELECT ';'").hasTrailingStatements()).isFalse();
    }

    @Test
    void triggerBodiesBelongToTheirStatement() {
        String trigger = "CREATE TEMP TRIGGER tr AFTER INSERT ON t BEGIN INSERT INTO u VALUES (1); DELETE FROM v; END;";
        assertThat(SqlText.parse(trigger).hasTrailingStatements()).isFalse();
        assertThat(SqlText.parse(trigger + " SELECT 1").hasTrailingStatements()).isTrue();
    }

    @Test
    void parametersOfLaterStatementsAreNotCounted() {
        assertThat(SqlText.parse("SELECT ?; SELECT ?, ?").parameterCount()).isEqualTo(1);
    }

    @Test
    void theLeadingKeywordSkipsCommentsAndClassifiesDml() {
        assertThat(SqlText.parse("  /* c */ -- x\n insert into t values (1)").keyword()).isEqualTo("INSERT");
        assertThat(SqlText.parse("insert into t values (1)").isDml()).isTrue();
        assertThat(SqlText.parse("REPLACE INTO t VALUES (1)").isDml()).isTrue();
        assertThat(SqlText.parse("update t set a = 1").isDml()).isTrue();
        assertThat(SqlText.parse("WITH x AS (SELECT 1) DELETE FROM t").isDml()).isFalse();
        assertThat(SqlText.parse("SELECT 1").isDml()).isFalse();
    }

    @Test
    void keywordsAreReadWithAsciiCaseFoldingOnlyAsSqliteReadsThem() {
        // Dotless i and long s upper-case to I and S in Java, but SQLite reads these words as names.
        assertThat(SqlText.parse("\u0131nsert into t values (1)").isDml()).isFalse();
        assertThat(SqlText.parse("\u017Felect 1").isReadOnlyQuery()).isFalse();
        assertThat(SqlText.parse("with c as (select 1) \u017Felect * from c").isReadOnlyQuery()).isFalse();
        assertThat(SqlText.parse("Insert into t values (1)").isDml()).isTrue();
    }

    @Test
    void whitespaceCommentsAndSemicolonsAloneAreEmpty() {
        assertThat(SqlText.parse("").isEmpty()).isTrue();
        assertThat(SqlText.parse(" -- c\n/* d */ ; ;").isEmpty()).isTrue();
        assertThat(SqlText.parse("SELECT 1").isEmpty()).isFalse();
    }

    @Test
    void tclStyleVariablesKeepTheirSuffix() {
        SqlText t = SqlText.parse("SELECT $a::b, $c(1), $a::b");
        assertThat(t.parameterCount()).isEqualTo(2);
        assertThat(t.parameterName(1)).isEqualTo("$a::b");
        assertThat(t.parameterName(2)).isEqualTo("$c(1)");
    }

    @Test
    void onlyPlainQueriesAreProvenReadOnly() {
        assertThat(SqlText.parse("SELECT * FROM t").isReadOnlyQuery()).isTrue();
        assertThat(SqlText.parse("  values (1)").isReadOnlyQuery()).isTrue();
        assertThat(SqlText.parse("WITH RECURSIVE x(n) AS (SELECT 1 UNION ALL SELECT n FROM x) SELECT * FROM x").isReadOnlyQuery()).isTrue();
        assertThat(SqlText.parse("WITH x AS (SELECT 1) INSERT INTO t SELECT * FROM x").isReadOnlyQuery()).isFalse();
        assertThat(SqlText.parse("WITH x AS (SELECT 1) DELETE FROM t").isReadOnlyQuery()).isFalse();
        assertThat(SqlText.parse("PRAGMA user_version").isReadOnlyQuery()).isFalse();
        assertThat(SqlText.parse("EXPLAIN SELECT 1").isReadOnlyQuery()).isFalse();
        assertThat(SqlText.parse("INSERT INTO t SELECT 1").isReadOnlyQuery()).isFalse();
    }
}
