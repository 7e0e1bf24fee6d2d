package io.zhibiao.transforms.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class SourceRegistryTest {

    private static SourceRegistry parse(String yaml) {
        return SourceRegistry.parse("test.yaml", new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)));
    }

    /** A one-source declaration with key {@code key} and the given column lines. */
    private static String source(String key, String... columns) {
        StringBuilder sb = new StringBuilder("""
                sources:
                  - id: a
                    name: A
                    landing: a
                    encoding: UTF-8
                    silver: a
                """);
        sb.append("    key: [").append(key).append("]\n    columns:\n");
        for (String c : columns) {
            sb.append("      - ").append(c).append('\n');
        }
        return sb.toString();
    }

    @Test
    void builtInDeclarationsLoadInRefinementOrder() {
        SourceRegistry r = SourceRegistry.loadDefault();
        List<String> ids = r.sources().stream().map(SourceSpec::id).toList();
        assertThat(ids).hasSize(14);
        // Regions before anything with a region code; the register before what references enterprises.
        assertThat(ids.indexOf("regions")).isLessThan(ids.indexOf("enterprise_register"));
        assertThat(ids.indexOf("enterprise_register")).isLessThan(ids.indexOf("tax_returns"));
        assertThat(ids.indexOf("patents")).isLessThan(ids.indexOf("patent_status"));
        assertThat(ids.indexOf("platforms")).isLessThan(ids.indexOf("incubator_stats"));
        assertThat(ids.indexOf("enterprise_register")).isLessThan(ids.indexOf("tech_designations"));
        assertThat(r.require("tax_returns").encoding()).isEqualTo("GBK");
        assertThat(r.require("tax_returns").confidential()).isTrue();
    }

    @Test
    void unknownPropertyNamesTheEntry() {
        assertThatThrownBy(() -> parse("sources:\n  - id: a\n    colour: red\n"))
                .isInstanceOf(CatalogException.class)
                .hasMessageStartingWith("test.yaml: is not a valid source declaration")
                .hasMessageContaining("colour");
    }

    @Test
    void keyColumnMustBeDeclared() {
        String yaml = source("nope", "{name: x, header: X, type: string}");
        assertThatThrownBy(() -> parse(yaml)).isInstanceOf(CatalogException.class)
                .hasMessage("test.yaml: source #1 'a': key column 'nope' is not declared");
    }

    @Test
    void regionCodeNeedsADateToBeValidOn() {
        String yaml = source("x", "{name: x, header: X, type: region_code, valid_on: y}", "{name: y, header: Y, type: string}");
        assertThatThrownBy(() -> parse(yaml)).isInstanceOf(CatalogException.class)
                .hasMessage("test.yaml: source #1 'a', column 'x': valid_on names 'y', which is not a date column");
    }

    @Test
    void referenceToAnUndeclaredTableIsRefused() {
        String yaml = source("x", "{name: x, header: X, type: string, references: ghost}");
        assertThatThrownBy(() -> parse(yaml)).isInstanceOf(CatalogException.class)
                .hasMessage("test.yaml: source 'a', column 'x': references silver table 'ghost', which no source declares");
    }

    @Test
    void amountNeedsAUnit() {
        String yaml = source("x", "{name: x, header: X, type: amount}");
        assertThatThrownBy(() -> parse(yaml)).isInstanceOf(CatalogException.class)
                .hasMessageContaining("column 'x': an amount needs a unit");
    }

    @Test
    void revisionWarnFactorIsAboveOneAndNeedsANumberColumn() {
        assertThat(SourceRegistry.loadDefault().require("county_stats").revisionWarnFactor()).isEqualByComparingTo("5");
        assertThat(SourceRegistry.loadDefault().require("regions").revisionWarnFactor()).isNull();
        String one = source("x", "{name: x, header: X, type: string}", "{name: n, header: N, type: integer}")
                .replace("    key:", "    revision_warn_factor: 1\n    key:");
        assertThatThrownBy(() -> parse(one)).isInstanceOf(CatalogException.class)
                .hasMessageContaining("source #1 'a': revision_warn_factor must be a number above 1");
        String noNumbers = source("x", "{name: x, header: X, type: string}")
                .replace("    key:", "    revision_warn_factor: 5\n    key:");
        assertThatThrownBy(() -> parse(noNumbers)).isInstanceOf(CatalogException.class)
                .hasMessageContaining("revision_warn_factor needs a number column (amount, integer or decimal) outside the key");
        String ok = source("x", "{name: x, header: X, type: string}", "{name: n, header: N, type: integer}")
                .replace("    key:", "    revision_warn_factor: 2.5\n    key:");
        assertThat(parse(ok).require("a").revisionColumns()).extracting(ColumnSpec::name).containsExactly("n");
    }

    @Test
    void everyRuleHasARemedy() {
        RuleCatalog rules = RuleCatalog.loadDefault();
        assertThat(rules.all()).extracting(RuleCatalog.Rule::id).contains("ZB-CREDIT-CODE", "ZB-REGION", "ZB-REF",
                "ZB-PERIOD", "ZB-SHAPE", "ZB-KEY-CONFLICT");
        assertThat(rules.all()).allSatisfy(r -> assertThat(r.remedy()).isNotBlank());
    }
}
