/**
 * Evaluation datasets: JSONL readers for the GSM8K, MATH-500, AIME and generic shapes, and a seeded generator of
 * arithmetic and algebra word problems with exact answers.
 */
package r1j.eval.dataset;
