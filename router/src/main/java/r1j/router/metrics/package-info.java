/** Counters of the router, kept here and rendered by whoever serves {@code /metrics}. */
package r1j.router.metrics;
