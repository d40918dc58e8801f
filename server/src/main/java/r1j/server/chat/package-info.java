/**
 * {@code POST /v1/chat/completions}: answers in the chat-completion shape, tool calls parsed from the reply (and
 * forced when the request requires one), structured output ({@code response_format}) as decoding constraints, and the
 * reasoning split of the answer. Requests that name a stored conversation are handed to the wiring's function.
 */
package r1j.server.chat;
