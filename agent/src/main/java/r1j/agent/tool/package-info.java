/**
 * What a tool is to the rest of r1j: a function the model may call ({@link r1j.agent.tool.ToolFunction}, the OpenAI
 * shape), the code that runs it ({@link r1j.agent.tool.Tool}), and the set a server offers
 * ({@link r1j.agent.tool.ToolBox}). A failing tool throws {@link r1j.agent.tool.ToolException}, whose message is
 * written for the model.
 */
package r1j.agent.tool;
