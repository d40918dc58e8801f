/**
 * {@code r1j eval}: drives any OpenAI-compatible endpoint over a dataset, grades the answers and writes a run
 * directory with {@code summary.json} and an HTML report. {@link r1j.eval.Evaluation} ties the parts together.
 */
package r1j.eval;
