/**
 * {@code serve --route route.yaml}: the centre–edge router in front of {@code POST /v1/chat/completions}. The local
 * engine is the edge; the upstreams of route.yaml are the centre. Decision, scoring and the upstream client live in
 * the {@code router} module; this package only adapts them to the server's requests, responses and metrics.
 */
package r1j.server.routing;
