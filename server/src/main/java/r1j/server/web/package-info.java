/**
 * The web chat served at {@code /}: its page, with the library files (Markdown, KaTeX, highlighting, sanitizer)
 * taken from webjars on the classpath so the page works offline.
 */
package r1j.server.web;
