/**
 * JMH micro-benchmarks of the hot kernels (dequantize, matmul); run as commands, never as tests.
 */
package r1j.bench;
