/**
 * Fitting a conversation into the model's context window: the prompt plan (which turns are kept, dropped or
 * summarised), the tracked state put back into the prompt, and the model and context size a conversation talks to.
 */
package r1j.dialogue.context;
