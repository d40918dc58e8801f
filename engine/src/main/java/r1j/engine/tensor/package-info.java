/**
 * Tensor descriptions shared by the file formats: ggml types and tensor entries.
 */
package r1j.engine.tensor;
