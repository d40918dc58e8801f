/**
 * The server's agent tools over HTTP: {@code GET /v1/tools}, the {@code "tools": "auto"} and {@code tool_choice}
 * fields of a conversation message, and the stream events of each tool step. The loop itself runs in the dialogue
 * layer ({@link r1j.dialogue.tools}); {@code /v1/chat/completions} never runs tools (OpenAI's contract: calls go back
 * to the client).
 */
package r1j.server.tools;
