/**
 * The web chat served at {@code /}: its page, with the library files (Markdown, KaTeX, highlighting, sanitizer)
 * taken from webjars on the classpath so the page works offline, and the helper that finds a webjar's version.
 */
package r1j.server.web;
