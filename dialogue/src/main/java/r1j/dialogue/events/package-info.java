/**
 * The append-only event log of a conversation (messages, tool calls, intent and slot changes, summaries, rewinds) and
 * its storage codec, and {@link ReplyMeter}, which measures a reply's numbers ({@link ReplyStats}) as it streams.
 */
package r1j.dialogue.events;
