/**
 * From what a caller asked for to generation settings: one resolver for every entry point (HTTP routes, stored
 * conversations, the CLI), with the default tables (max tokens, reasoning effort) and typed field errors.
 */
package r1j.engine.settings;
