/**
 * Speculative decoding by prompt lookup (vLLM's {@code ngram} method, llama.cpp's lookup decoding): a sequence's
 * next tokens are guessed by finding its latest n-gram earlier in the prompt or output and copying what followed,
 * and the engine checks the guesses in one batched forward pass. Only the configuration and the proposer live here;
 * verification and the KV rollback are the batching engine's ({@code r1j.engine.runtime.BatchEngine}).
 */
package r1j.engine.speculative;
