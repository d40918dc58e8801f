/**
 * Constrained decoding over the vocabulary: the token-level constraint interface, the token trie, and JSON-schema
 * constraints (a subset of JSON Schema compiled to a grammar).
 */
package r1j.engine.constrain;
