/**
 * What every generating route shares: the model being served, running the {@code n} choices of a request on the
 * engine and draining their events, ids, timestamps and finish reasons, and logprobs as JSON.
 */
package r1j.server.generation;
