/**
 * HTTP plumbing every route shares: the one JSON mapper, typed API errors and their OpenAI-style JSON, server-sent
 * events, request bodies and their timeout, the API key check, CORS, and the connection limits. Knows no route.
 */
package r1j.server.http;
