/**
 * Offline quantization (the {@code quantize} command): row quantizers per ggml type, llama-quantize mixes, and the
 * writer that turns a GGUF or Hugging Face model into a quantized GGUF. Not used by the runtime.
 */
package r1j.engine.quantize;
