/**
 * The tool loop: the model replies, the calls it writes are parsed (the engine's
 * {@link r1j.engine.toolcall.ToolCallParser}) and run, their results go back as tool messages, and the model
 * continues, up to a step limit. The model is reached through {@link r1j.agent.ModelTurn}, the one seam the server
 * fills in (prompt rendering, decoding, streaming); every model turn and tool call is reported to a
 * {@link r1j.agent.ToolLoopListener} so conversations can log and stream them.
 */
package r1j.agent;
