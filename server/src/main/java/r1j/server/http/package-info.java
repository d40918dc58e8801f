/**
 * HTTP plumbing every route shares: the one JSON mapper, typed API errors and their OpenAI-style JSON, server-sent
 * events, request bodies and their timeout, the API key check, CORS, the connection limits, and where a webjar's
 * files are served. Knows no route.
 */
package r1j.server.http;
