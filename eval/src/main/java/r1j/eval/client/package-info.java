/**
 * A streaming client for OpenAI-compatible chat completions (r1j, vLLM, llama-server): one request per sample, timed
 * to its first token and to its end, with the reasoning and usage the server reports.
 */
package r1j.eval.client;
