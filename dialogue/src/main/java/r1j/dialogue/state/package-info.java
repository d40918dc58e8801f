/**
 * A conversation's state as a fold over its events: the visible messages, the intent, the slots and the summary.
 */
package r1j.dialogue.state;
