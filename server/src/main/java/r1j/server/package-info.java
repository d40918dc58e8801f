/**
 * The OpenAI-compatible HTTP server's entry point: {@code OpenAiServer} wires one engine and one settings resolver to
 * the route packages, {@code Routes} is the route table, {@code ServerConfig} the server's options. The sub-packages are
 * the layers: {@code http} (plumbing every route shares), {@code protocol} (request and response bodies),
 * {@code generation} (running requests on the engine), and one package per group of routes ({@code chat},
 * {@code completions}, {@code conversations}, {@code info}, {@code metrics}, {@code web}). No model maths.
 */
package r1j.server;
