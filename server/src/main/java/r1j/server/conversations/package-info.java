/**
 * The {@code /v1/conversations} routes over the dialogue layer, and the one mapping of its records to JSON bodies.
 */
package r1j.server.conversations;
