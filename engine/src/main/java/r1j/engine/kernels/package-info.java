/**
 * The compute: Vector-API dot products and vector maths over quantized weight matrices, and the fixed thread pool
 * that splits them.
 */
package r1j.engine.kernels;
