/**
 * Where conversations live: the store interface and its JDBC implementation (SQLite or PostgreSQL, migrated by
 * Flyway), with optimistic concurrency on the event sequence.
 */
package r1j.dialogue.store;
