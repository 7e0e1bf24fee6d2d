package io.zhibiao.transforms.refine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zhibiao.transforms.source.SourceRegistry;
import io.zhibiao.transforms.source.SourceSpec;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Which sources wait for which: pure logic, no Spark. */
class RefineWavesTest {

    private static List<List<String>> waves(List<String> ids, Map<String, Set<String>> reads) {
        return RefineWaves.of(ids, Function.identity(), id -> reads.getOrDefault(id, Set.of()));
    }

    @Test
    void theDefaultRegistryRefinesRegionsThenWhatNeedsThemThenWhatReferencesThose() {
        SourceRegistry registry = SourceRegistry.loadDefault();
        List<List<String>> waves = RefineWaves.of(registry, registry.sources()).stream()
                .map(w -> w.stream().map(SourceSpec::id).toList()).toList();
        // By sources.yaml: regions reads nothing; county_stats, enterprise_register, platforms and patents have a
        // region column and no reference; every other source references enterprise (tax_returns, rd_survey,
        // hte_certificates, tech_sme, sme_announcements, tech_contracts, tech_designations), patent (patent_status)
        // or platform (incubator_stats), each also refined after the region list.
        assertThat(waves).containsExactly(
                List.of("regions"),
                List.of("county_stats", "enterprise_register", "platforms", "patents"),
                List.of("tax_returns", "rd_survey", "hte_certificates", "tech_sme", "sme_announcements", "tech_contracts",
                        "patent_status", "tech_designations", "incubator_stats"));
        // Every source in exactly one wave.
        assertThat(waves.stream().mapToInt(List::size).sum()).isEqualTo(registry.sources().size());
    }

    @Test
    void aSourceWaitsForTheLongestChainItReadsAndKeepsTheGivenOrderInItsWave() {
        // d reads c reads b reads a; e reads a; f reads nothing: d is three waves after a.
        List<List<String>> waves = waves(List.of("f", "d", "e", "c", "b", "a"),
                Map.of("d", Set.of("c", "a"), "c", Set.of("b"), "b", Set.of("a"), "e", Set.of("a")));
        assertThat(waves).containsExactly(List.of("f", "a"), List.of("e", "b"), List.of("c"), List.of("d"));
    }

    @Test
    void aSourceReadButNotRefinedNowAndASourceReadingItselfDoNotWait() {
        // "regions" is not refined in this run (nothing new): its silver table stays as it is, nobody waits for it.
        assertThat(waves(List.of("x", "y"), Map.of("x", Set.of("regions", "x"), "y", Set.of("x"))))
                .containsExactly(List.of("x"), List.of("y"));
        assertThat(waves(List.of(), Map.of())).isEmpty();
    }

    @Test
    void sourcesReadingEachOtherInACircleAreNamed() {
        assertThatThrownBy(() -> waves(List.of("a", "b", "c"), Map.of("a", Set.of("b"), "b", Set.of("c"), "c", Set.of("b"))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("sources read each other in a circle: b → c → b");
    }
}
