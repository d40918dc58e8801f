/**
 * Intent and slot tracking after each user message: cheap rules first, then the model under JSON-schema
 * constrained decoding, merged into state changes with their source and confidence.
 */
package r1j.dialogue.tracking;
