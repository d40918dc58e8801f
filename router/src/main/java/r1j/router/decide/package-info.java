/**
 * The routing decision: cheap features of a chat request, their score against the threshold before generating, and
 * the escalation signals read from the edge's answer afterwards. Plain OpenAI JSON in, so the server and the eval's
 * offline sweep decide identically.
 */
package r1j.router.decide;
