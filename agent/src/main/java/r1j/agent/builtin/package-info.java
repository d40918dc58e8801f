/**
 * The tools r1j brings itself, named in tools.json by {@code "run": {"type": "builtin", "name": ...}}:
 * {@code calculator} (exact decimal arithmetic through EvalEx, never code evaluation), {@code current_time} (an IANA
 * time zone's clock) and {@code fetch_url} (a page's text, HTML read by jsoup, through the guarded HTTP client).
 */
package r1j.agent.builtin;
