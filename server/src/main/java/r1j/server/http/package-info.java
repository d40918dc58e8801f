/**
 * HTTP plumbing every route shares: the one JSON mapper, typed API errors and their OpenAI-style JSON, and
 * server-sent events.
 */
package r1j.server.http;
