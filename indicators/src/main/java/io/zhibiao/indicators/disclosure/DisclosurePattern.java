package io.zhibiao.indicators.disclosure;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The result of disclosure control: one decision per cell, looked up by (measure, year, region), and the cells as a
 * reader of the published table would see them. Values of suppressed cells are dropped on construction.
 */
public final class DisclosurePattern {

    /** A cell and its suppression reason (null: published); only used to build the pattern. */
    record Entry(Cell cell, SuppressionReason reason) {
    }

    /** Where a cell's decision is filed: its measure, year and region. */
    private record CellRef(String measureKey, int year, String regionCode) {
    }

    private final Map<CellRef, Decision> decisions = new LinkedHashMap<>();
    private final List<PublishedCell> published = new ArrayList<>();

    DisclosurePattern(List<Entry> entries) {
        for (Entry e : entries) {
            Cell c = e.cell();
            decisions.put(new CellRef(c.measureKey(), c.year(), c.regionCode()),
                    new Decision(c.measureKey(), c.year(), c.regionCode(), c.cityTotal(), e.reason()));
            BigDecimal value = e.reason() == null ? c.value() : null;
            published.add(new PublishedCell(c.measureKey(), c.year(), c.regionCode(), c.cityTotal(), value, e.reason()));
        }
    }

    /** Every cell's decision, table by table (units by region code, then the city total). */
    public List<Decision> decisions() {
        return List.copyOf(decisions.values());
    }

    /** The decision for a cell; empty when the cell was not in the input (its measure is not controlled). */
    public Optional<Decision> decision(String measureKey, int year, String regionCode) {
        return Optional.ofNullable(decisions.get(new CellRef(measureKey, year, regionCode)));
    }

    /** The cells as published: the value, or the flag and the reason code without a value. */
    public List<PublishedCell> publishedCells() {
        return Collections.unmodifiableList(published);
    }
}
