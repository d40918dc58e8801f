/**
 * From chat messages to the model's prompt, shared by {@code /v1/chat/completions} and {@code /tokenize}: the chat
 * template, the server's system-prompt policy, and the tools a request offers ({@code tools}, {@code tool_choice}),
 * given to the template or described in a block of their own.
 */
package r1j.server.prompt;
