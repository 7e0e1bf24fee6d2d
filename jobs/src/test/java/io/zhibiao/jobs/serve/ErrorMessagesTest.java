package io.zhibiao.jobs.serve;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What a client is told of an error: one line, no server class names, no server paths. */
class ErrorMessagesTest {

    @Test
    void aSparkErrorLosesItsStackTraceClassAndPaths() {
        String spark = "Error running query: org.apache.spark.sql.AnalysisException: [PATH_NOT_FOUND] Path does not "
                + "exist: file:/serving/release-3/published/x/part-0000.parquet.\n"
                + "\tat org.apache.spark.sql.errors.QueryCompilationErrors$.dataPathNotExistError(Q.scala:1419)\n"
                + "\tat org.apache.spark.sql.execution.datasources.DataSource$.checkAndGlobPathIfNecessary(D.scala:757)";
        assertThat(GuardedThriftService.oneLine(spark))
                .isEqualTo("Error running query: [PATH_NOT_FOUND] Path does not exist: <path>");
    }

    @Test
    void absolutePathsAreHiddenButArithmeticIsNot() {
        assertThat(GuardedThriftService.oneLine("cannot read /tmp/zhibiao-serve-warehouse/x and 6/3 = 2"))
                .isEqualTo("cannot read <path> and 6/3 = 2");
        assertThat(GuardedThriftService.oneLine("zhibiao serve refuses SET -v: the server's settings are neither "
                + "shown nor changed")).isEqualTo("zhibiao serve refuses SET -v: the server's settings are neither "
                + "shown nor changed");
    }
}
