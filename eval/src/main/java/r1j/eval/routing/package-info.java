/**
 * {@code eval --route}: the cost–quality curve of a route.yaml. The dataset runs once on the edge and once on the
 * centre; routing is then replayed offline at every threshold, with a random router of the same share as baseline.
 */
package r1j.eval.routing;
