/**
 * Grading a model's reply against a reference answer: drop the reasoning, extract the final answer ({@code \boxed{}}
 * first, then fallbacks), normalise its LaTeX, and decide equivalence (exact, numeric with tolerance, symbolic through
 * the Symja CAS under a time limit).
 */
package r1j.eval.grading;
