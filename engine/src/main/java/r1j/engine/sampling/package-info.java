/**
 * Logits to token: temperature, top-k, top-p, min-p, penalties and seeds, stop strings, and the sampling settings with
 * their validation.
 */
package r1j.engine.sampling;
