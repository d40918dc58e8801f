/**
 * A run's outputs for people: the terminal summary, the sweep comparison table, and a self-contained HTML report
 * whose charts are JFreeChart drawings rendered to inline SVG (no script, no network).
 */
package r1j.eval.report;
