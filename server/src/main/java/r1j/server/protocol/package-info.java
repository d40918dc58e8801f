/**
 * The HTTP API's request and response bodies as records, named in camelCase and written as snake_case by the one
 * JSON mapper.
 */
package r1j.server.protocol;
