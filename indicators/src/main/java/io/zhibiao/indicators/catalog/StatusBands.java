package io.zhibiao.indicators.catalog;

/**
 * Thresholds on the progress ratio that turn a target-gap row into a status; declared in indicators.yaml.
 *
 * @param onTrack           p ≥ onTrack: 达标 (on track)
 * @param needsAcceleration needsAcceleration ≤ p &lt; onTrack: 需加快; below: 滞后
 */
public record StatusBands(double onTrack, double needsAcceleration) {
}
