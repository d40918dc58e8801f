/**
 * {@code POST /v1/chat/completions}: the chat prompt from the messages and the template, tool calls (offered and
 * parsed), structured output ({@code response_format}) as decoding constraints, and the reasoning split of the answer.
 */
package r1j.server.chat;
