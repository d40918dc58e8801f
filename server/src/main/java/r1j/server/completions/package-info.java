/** {@code POST /v1/completions}: plain text completion of a prompt, streamed or whole, with logprobs. */
package r1j.server.completions;
