/**
 * The engine API and its implementation: {@link r1j.engine.runtime.Engine#submit} takes a tokenized
 * {@link r1j.engine.runtime.GenerationRequest} and returns a {@link r1j.engine.runtime.GenerationStream} of token events;
 * {@link r1j.engine.runtime.BatchEngine} runs every request with continuous batching. The server, the dialogue layer
 * and the CLI all generate through it.
 */
package r1j.engine.runtime;
