package io.zhibiao.indicators.catalog;

import java.util.List;

/**
 * The published progress-to-target methods the target-gap table applies beside its own path status; declared in
 * indicators.yaml ({@code progress_method}), explained in indicators/METHODS-progress.md.
 *
 * @param id     the method id written on every target-gap row
 * @param nameZh 中文名
 * @param nameEn English name
 */
public record ProgressMethod(String id, String nameZh, String nameEn, Eurostat eurostat, Escap escap) {

    /** How a CAGR is formed when the base value is 0 (a CAGR from 0 does not exist). */
    public enum ZeroBase {
        /** share of the planned change made ÷ share of the period elapsed, against the same bands */
        LINEAR_SHARE,
        /** Open SDG: replace the 0 by 0.001 and form the CAGR anyway */
        SMALL_CONSTANT
    }

    /** How the value at the target year is projected from the observed years. */
    public enum Projection {
        /** least squares on levels over the years of the {@link Window}, weight (year − first year + 1) */
        WEIGHTED_LINEAR,
        /** the observed compound growth from the base continued to the target year */
        CAGR
    }

    /** Which observed years ESCAP's weighted regression is fitted on (up to the evaluation year in both). */
    public enum Window {
        /** every year with a value, before the base year too: ESCAP's own choice ("available data between 2000 and …") */
        ALL_AVAILABLE,
        /** the base year and the years after it only */
        SINCE_BASE
    }

    /**
     * Eurostat's ratio of observed to required compound annual growth, R = d · CAGR_o / |CAGR_r|.
     *
     * @param significant  R ≥ significant: significant progress
     * @param moderate     moderate ≤ R &lt; significant: moderate progress
     * @param insufficient insufficient ≤ R &lt; moderate: insufficient progress; below: moving away
     */
    public record Eurostat(String id, double significant, double moderate, double insufficient, ZeroBase zeroBase,
                           List<String> sources) {
    }

    /**
     * ESCAP's anticipated progress: the value projected for the target year against the target, as the share
     * A = (projected − base) / (target − base) of the planned change.
     *
     * @param window     the years the weighted regression is fitted on (ignored by the cagr projection)
     * @param onTrack    the projection meets the target, or A ≥ onTrack: on track
     * @param regressing A &lt; regressing: regressing (the trend leads away from the target); between: accelerate
     */
    public record Escap(String id, Projection projection, Window window, double onTrack, double regressing, List<String> sources) {
    }
}
