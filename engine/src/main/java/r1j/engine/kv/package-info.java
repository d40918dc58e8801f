/**
 * The paged KV cache: off-heap blocks from a memory budget, per-sequence block tables, and prefix reuse of full blocks.
 */
package r1j.engine.kv;
