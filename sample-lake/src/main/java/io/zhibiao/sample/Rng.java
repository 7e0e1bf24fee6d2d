package io.zhibiao.sample;

import java.time.LocalDate;
import java.util.List;
import java.util.Random;

/**
 * The generator's only source of randomness: one seeded stream, consumed in a fixed order. Transcendental
 * functions go through StrictMath, whose results are the same on every JVM and CPU, so files are byte-identical.
 */
final class Rng {
    private final Random random;

    Rng(long seed) {
        this.random = new Random(seed);
    }

    double uniform() {
        return random.nextDouble();
    }

    double uniform(double lo, double hi) {
        return lo + (hi - lo) * random.nextDouble();
    }

    int between(int lo, int hiInclusive) {
        return lo + random.nextInt(hiInclusive - lo + 1);
    }

    boolean chance(double p) {
        return random.nextDouble() < p;
    }

    double normal() {
        return random.nextGaussian();
    }

    double lognormal(double sigma) {
        return StrictMath.exp(sigma * random.nextGaussian());
    }

    <T> T pick(List<T> items) {
        return items.get(random.nextInt(items.size()));
    }

    int index(double[] weights) {
        double sum = 0;
        for (double w : weights) {
            sum += w;
        }
        double x = random.nextDouble() * sum;
        for (int i = 0; i < weights.length; i++) {
            x -= weights[i];
            if (x < 0) {
                return i;
            }
        }
        return weights.length - 1;
    }

    /** A day of {@code year} between day-of-year {@code from} and {@code to} (inclusive, clipped to the year). */
    LocalDate dayIn(int year, int from, int to) {
        int len = LocalDate.of(year, 12, 31).getDayOfYear();
        int lo = Math.max(1, Math.min(from, len));
        int hi = Math.max(lo, Math.min(to, len));
        return LocalDate.ofYearDay(year, between(lo, hi));
    }

    LocalDate dayIn(int year) {
        return dayIn(year, 1, 366);
    }

    LocalDate between(LocalDate from, LocalDate to) {
        long span = to.toEpochDay() - from.toEpochDay();
        return from.plusDays(span <= 0 ? 0 : (long) (random.nextDouble() * (span + 1)));
    }

    void shuffle(List<?> list) {
        java.util.Collections.shuffle(list, random);
    }
}
