package io.zhibiao.jobs.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The OpenSession configuration map: an allow-list of three keys, each value checked. */
class SessionSettingsTest {

    @Test
    void whatTheHiveDriverSendsForAPlainUrlIsAccepted() {
        assertThat(SessionSettings.refusal(Map.of("use:database", "published"))).isEmpty();
        assertThat(SessionSettings.refusal(Map.of("use:database", "default",
                "set:hiveconf:hive.server2.thrift.resultset.default.fetch.size", "1000",
                "set:hiveconf:spark.sql.session.timeZone", "Asia/Shanghai"))).isEmpty();
        assertThat(SessionSettings.refusal(null)).isEmpty();
    }

    @Test
    void everythingElseIsRefusedNamingTheKey() {
        Map<String, String> attempts = Map.of(
                "set:system:hive.server2.custom.authentication.class",
                "org.apache.hive.service.auth.AnonymousAuthenticationProviderImpl",
                "set:hiveconf:spark.sql.catalog.atk", "org.apache.spark.sql.execution.datasources.v2.jdbc.JDBCTableCatalog",
                "set:hiveconf:spark.sql.runSQLOnFiles", "true",
                "set:hivevar:path", "/etc",
                "set:hiveconf:hive.server2.authentication", "NONE",
                "use:catalog", "atk",
                "spark.sql.extensions", "x");
        attempts.forEach((k, v) -> assertThat(SessionSettings.refusal(Map.of(k, v))).as(k)
                .hasValueSatisfying(m -> assertThat(m).startsWith("zhibiao serve refuses the connection setting '" + k)));
    }

    @Test
    void anAllowedKeyWithABadValueIsRefused() {
        assertThat(SessionSettings.refusal(Map.of("use:database", "silver"))).isPresent();
        assertThat(SessionSettings.refusal(Map.of("set:hiveconf:hive.server2.thrift.resultset.default.fetch.size", "0")))
                .isPresent();
        assertThat(SessionSettings.refusal(Map.of("set:hiveconf:hive.server2.thrift.resultset.default.fetch.size",
                "100001"))).isPresent();
        assertThat(SessionSettings.refusal(Map.of("set:hiveconf:spark.sql.session.timeZone", "${env:HOME}")))
                .hasValueSatisfying(m -> assertThat(m).contains("refuses the value '${env:HOME}'"));
        assertThat(SessionSettings.refusal(Map.of("set:hiveconf:spark.sql.session.timeZone", "Mars/Olympus")))
                .isPresent();
    }
}
