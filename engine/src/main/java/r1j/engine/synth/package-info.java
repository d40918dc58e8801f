/**
 * Synthetic models with random weights of any shape (the {@code synth} command and benchmarks). Not used by the runtime.
 */
package r1j.engine.synth;
