package r1j.cli;

import java.util.Arrays;

/** Repeated measurements of one benchmark test, in tokens per second (mean and sample standard deviation, as llama-bench). */
record Samples(String test, int promptTokens, int generatedTokens, long[] nanos) {

    int tokens() {
        return promptTokens + generatedTokens;
    }

    double[] tokensPerSecond() {
        return Arrays.stream(nanos).mapToDouble(ns -> tokens() * 1e9 / ns).toArray();
    }

    double mean() {
        return Arrays.stream(tokensPerSecond()).average().orElse(Double.NaN);
    }

    double stdDev() {
        double[] ts = tokensPerSecond();
        if (ts.length < 2) return 0;
        double mean = mean();
        double sum = 0;
        for (double t : ts) sum += (t - mean) * (t - mean);
        return Math.sqrt(sum / (ts.length - 1));
    }
}
