/**
 * Prometheus metrics: {@code GET /metrics}, the text format, histograms, and the per-request latencies the engine
 * reports.
 */
package r1j.server.metrics;
