/**
 * The safetensors file format of Hugging Face checkpoints: memory-mapped tensors and their header.
 */
package r1j.engine.safetensors;
