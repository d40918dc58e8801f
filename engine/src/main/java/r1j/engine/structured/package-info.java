/**
 * Structured output built on constraints: free thinking then a constrained answer, literal text, chains, and JSON
 * objects.
 */
package r1j.engine.structured;
