/**
 * A loaded model: its configuration (from GGUF metadata or a Hugging Face config), its Qwen2 weights, tokenizer, chat
 * template and sampling defaults.
 */
package r1j.engine.model;
