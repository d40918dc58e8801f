/**
 * The Qwen2 forward pass over a batch of tokens from several sequences (prefill chunks and decode tokens alike).
 */
package r1j.engine.qwen2;
