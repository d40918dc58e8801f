/**
 * Constrained decoding over the vocabulary: the token-level constraint interface and the token trie, JSON-schema
 * constraints (a subset of JSON Schema compiled to a grammar), and the structured-output shapes built on them (free
 * thinking then a constrained answer, literal text, chains, any JSON object).
 */
package r1j.engine.constrain;
