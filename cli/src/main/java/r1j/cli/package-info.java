/**
 * The {@code r1j} command line: picocli commands that wire the modules together ({@code serve}, {@code generate},
 * {@code chat}, {@code conversations}, {@code bench}, {@code quantize}, {@code synth}, {@code loadtest}).
 */
package r1j.cli;
