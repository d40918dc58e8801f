/**
 * The GGUF file format: memory-mapped reading of metadata and tensors, and writing (quantize, synth).
 */
package r1j.engine.gguf;
