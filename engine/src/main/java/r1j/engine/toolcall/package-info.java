/**
 * Tool calls in model output: the DeepSeek-R1 and hermes formats, parsed whole or as they stream.
 */
package r1j.engine.toolcall;
