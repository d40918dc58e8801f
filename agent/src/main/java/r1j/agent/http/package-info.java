/**
 * HTTP calls made on the model's behalf, guarded. A call reaches only the hosts its tool may reach
 * ({@link r1j.agent.http.Reach}: its own URL's host, or any public host for {@code fetch_url}, plus the
 * {@code --tools-allow} list); private, loopback, link-local and other special addresses
 * ({@link r1j.agent.http.SpecialAddresses}) are refused unless allowlisted. The check runs on the addresses DNS
 * returned, inside the connection's own resolver, so the socket connects to exactly the address that was checked;
 * redirects are followed by hand and each hop is checked again. Responses are bounded in size and time.
 */
package r1j.agent.http;
