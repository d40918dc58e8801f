/**
 * The model's byte-level BPE tokenizer: pre-tokenization, merges, added tokens, and an incremental UTF-8-safe decoder.
 */
package r1j.engine.tokenizer;
