/**
 * The append-only event log of a conversation (messages, tool calls, intent and slot changes, summaries, rewinds) and
 * its storage codec.
 */
package r1j.dialogue.events;
