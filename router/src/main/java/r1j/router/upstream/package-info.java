/**
 * The centre's upstreams: an HTTP client per OpenAI-compatible endpoint with timeouts, retries within a time
 * budget and a circuit breaker, and the ordered set of them the router calls. Keys come from the environment and
 * appear in no log line, exception message or {@code toString}.
 */
package r1j.router.upstream;
