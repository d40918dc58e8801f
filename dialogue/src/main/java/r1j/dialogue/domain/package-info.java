/**
 * Domain files: the intents and slots (with their types) a conversation tracks, loaded from YAML or JSON and checked.
 */
package r1j.dialogue.domain;
