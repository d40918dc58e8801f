/**
 * What a run measured: accuracy over the n rounds, pass@k (the unbiased estimator), majority vote, answer clusters
 * and agreement per question, latency percentiles, tokens, and the paired bootstrap comparison of two runs.
 */
package r1j.eval.metrics;
