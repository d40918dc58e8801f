/**
 * Server-side conversations over the dialogue layer: the {@code /v1/conversations} routes, the one mapping of its
 * records to JSON bodies, and chat completions that name a {@code conversation_id}.
 */
package r1j.server.conversations;
