/**
 * Running an evaluation: the run directory (its manifest and the append-only, fsync'd sample log that makes a run
 * resumable), the concurrent runner and its progress bar.
 */
package r1j.eval.run;
