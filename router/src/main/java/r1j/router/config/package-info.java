/**
 * {@code route.yaml}: which upstreams form the centre, how requests are scored and escalated, and how upstream
 * failures are contained. Read once at start; every error names the file, the field and the value.
 */
package r1j.router.config;
