/**
 * The OpenAI-compatible HTTP server's wiring: {@code OpenAiServer} joins one engine and one settings resolver to the
 * route packages, {@code Routes} is the route table, {@code ServerConfig} the server's options. Below it, the route
 * packages, which never use each other ({@code chat}, {@code completions}, {@code conversations}, {@code info},
 * {@code metrics}, {@code web}); below them, what they share ({@code http} plumbing, {@code protocol} bodies,
 * {@code generation} on the engine, {@code prompt} building). No model maths.
 */
package r1j.server;
