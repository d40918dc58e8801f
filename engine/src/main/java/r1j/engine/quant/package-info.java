/**
 * The ggml block formats, one class per type: block layout, dequantize, and dot product with activations.
 */
package r1j.engine.quant;
