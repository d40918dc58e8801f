/**
 * The OpenAI-compatible HTTP server: routes, chat and text completions, tokenize, info, docs, and the wiring of
 * handlers to one engine. No model maths.
 */
package r1j.server;
