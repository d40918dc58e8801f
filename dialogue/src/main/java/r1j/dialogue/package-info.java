/**
 * Server-side conversations: {@link r1j.dialogue.ConversationService} answers a message (track, plan the prompt,
 * store, generate through the engine, store the reply) with plain records in and out, for HTTP routes and the CLI
 * alike. No HTTP here.
 */
package r1j.dialogue;
