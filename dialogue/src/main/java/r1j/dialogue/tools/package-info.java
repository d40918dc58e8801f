/**
 * Conversation turns that use the server's tools ({@link r1j.dialogue.tools.ToolTurn}): the agent's
 * {@link r1j.agent.ToolLoop} run over a conversation, each model turn prompted from the conversation's log
 * ({@link r1j.dialogue.tools.ConversationModelTurn}, a named {@code tool_choice} forced by
 * {@link r1j.dialogue.tools.ForcedCall}) and each step stored in that log as it happens
 * ({@link r1j.dialogue.tools.ToolStepRecorder}), so the steps survive a reload and count against the context window
 * like any other message.
 */
package r1j.dialogue.tools;
