/**
 * What one generation is: its settings, its result and finish reason, log-probabilities, the rendered chat prompt,
 * and {@link r1j.engine.generate.SequenceOutput}, the per-step rules (sample, decode, stop, limits, thinking budget).
 */
package r1j.engine.generate;
