/**
 * Deliberately bad classes for {@code ArchitectureGuardTest}: a miniature of the project's packages in which every
 * layering rule is broken once, so the guard test can show each rule failing. Never used by production code.
 */
package r1j.cli.archfixture;
