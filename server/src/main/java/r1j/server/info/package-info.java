/**
 * Routes that describe rather than generate: health, version and models, {@code /tokenize} and {@code /detokenize},
 * and the API's documentation ({@code /openapi.json}, {@code /docs}).
 */
package r1j.server.info;
