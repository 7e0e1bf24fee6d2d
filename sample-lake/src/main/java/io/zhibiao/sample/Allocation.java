package io.zhibiao.sample;

/** Splitting an integer total into integer parts proportional to weights, with parts summing exactly. */
public final class Allocation {

    private Allocation() {
    }

    /**
     * Largest-remainder (Hamilton) allocation: each part gets the floor of its quota, and the units left over
     * go to the largest remainders, ties to the lower index.
     */
    public static long[] largestRemainder(long total, double[] weights) {
        if (total < 0) {
            throw new IllegalArgumentException("total " + total + " is negative");
        }
        double sum = 0;
        for (double w : weights) {
            if (w < 0) {
                throw new IllegalArgumentException("negative weight " + w);
            }
            sum += w;
        }
        long[] parts = new long[weights.length];
        if (total == 0) {
            return parts;
        }
        if (sum <= 0) {
            throw new IllegalArgumentException("cannot split " + total + " over zero weights");
        }
        double[] rem = new double[weights.length];
        long given = 0;
        for (int i = 0; i < weights.length; i++) {
            double quota = total * (weights[i] / sum);
            parts[i] = (long) Math.floor(quota);
            rem[i] = quota - parts[i];
            given += parts[i];
        }
        long left = total - given;
        while (left > 0) {
            int best = -1;
            for (int i = 0; i < rem.length; i++) {
                if (weights[i] > 0 && (best < 0 || rem[i] > rem[best])) {
                    best = i;
                }
            }
            parts[best]++;
            rem[best] = -1;
            left--;
        }
        return parts;
    }

    /** Scales a count: round half up of value × scale. */
    public static long scaleCount(double value, double scale) {
        return Math.round(value * scale);
    }
}
