package io.zhibiao.transforms.refine;

import io.zhibiao.transforms.source.ColumnSpec;
import io.zhibiao.transforms.source.ColumnType;
import io.zhibiao.transforms.source.SourceRegistry;
import io.zhibiao.transforms.source.SourceSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The order sources can be refined in: waves, each source in the wave after the last of the sources it reads (the
 * silver tables its references point to, the region list), sources of one wave independent of each other. Only the
 * sources being refined count: a source read but not refined in this run is already in silver as it will stay.
 */
public final class RefineWaves {

    private RefineWaves() {
    }

    /** {@code sources}' waves, each in the order of {@code sources}. */
    public static List<List<SourceSpec>> of(SourceRegistry registry, List<SourceSpec> sources) {
        return of(sources, SourceSpec::id, s -> reads(registry, s));
    }

    /**
     * The sources whose silver tables {@code source}'s checks read: the ones it references, and the region list's
     * (the region source itself among them when {@code source} is it: a source never waits for itself).
     */
    static Set<String> reads(SourceRegistry registry, SourceSpec source) {
        Set<String> reads = new LinkedHashSet<>();
        for (ColumnSpec c : source.columns()) {
            if (c.type() == ColumnType.REGION_CODE) {
                reads.add(registry.bySilver(SourceRegistry.REGION_TABLE).orElseThrow().id());
            }
            if (c.references() != null) {
                reads.add(registry.bySilver(c.references()).orElseThrow().id());
            }
        }
        return reads;
    }

    /** The same for any items with an id. */
    static <T> List<List<T>> of(List<T> items, Function<T, String> id, Function<T, Set<String>> reads) {
        Map<String, T> byId = new HashMap<>();
        items.forEach(i -> byId.put(id.apply(i), i));
        Map<String, Integer> wave = new HashMap<>();
        int waves = 0;
        for (T item : items) {
            waves = Math.max(waves, waveOf(item, id, reads, byId, wave, new LinkedHashSet<>()) + 1);
        }
        List<List<T>> out = new ArrayList<>();
        for (int w = 0; w < waves; w++) {
            List<T> these = new ArrayList<>();
            for (T item : items) {
                if (wave.get(id.apply(item)) == w) {
                    these.add(item);
                }
            }
            out.add(List.copyOf(these));
        }
        return List.copyOf(out);
    }

    private static <T> int waveOf(T item, Function<T, String> id, Function<T, Set<String>> reads, Map<String, T> byId,
                                  Map<String, Integer> wave, LinkedHashSet<String> path) {
        String me = id.apply(item);
        Integer known = wave.get(me);
        if (known != null) {
            return known;
        }
        if (!path.add(me)) {
            List<String> cycle = new ArrayList<>(path);
            cycle = cycle.subList(cycle.indexOf(me), cycle.size());
            throw new IllegalStateException("sources read each other in a circle: " + String.join(" → ", cycle) + " → " + me);
        }
        int w = 0;
        for (String other : reads.apply(item)) {
            T dep = byId.get(other);
            if (dep != null && !other.equals(me)) {
                w = Math.max(w, waveOf(dep, id, reads, byId, wave, path) + 1);
            }
        }
        path.remove(me);
        wave.put(me, w);
        return w;
    }
}
