/**
 * Reasoning models' output: splitting the thinking from the answer at {@code </think>}.
 */
package r1j.engine.reasoning;
