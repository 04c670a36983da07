package dev.mqttj.benchmarks.spring;

import java.util.Arrays;

/** The statistics the ratio harnesses report over their rounds: median and the middle half. */
final class Rounds {

    private Rounds() {
    }

    static double median(double[] values) {
        double[] sorted = sorted(values);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    /** The value a quarter of the way up the sorted values: the lower end of the middle half. */
    static double lowerQuartile(double[] values) {
        return sorted(values)[values.length / 4];
    }

    /** The value a quarter of the way down the sorted values: the upper end of the middle half. */
    static double upperQuartile(double[] values) {
        return sorted(values)[values.length - 1 - values.length / 4];
    }

    static double min(double[] values) {
        return sorted(values)[0];
    }

    static double max(double[] values) {
        return sorted(values)[values.length - 1];
    }

    /** Element-wise b / a: the ratio of each round. */
    static double[] ratios(double[] a, double[] b) {
        double[] ratios = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            ratios[i] = b[i] / a[i];
        }
        return ratios;
    }

    private static double[] sorted(double[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no rounds");
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted;
    }
}
