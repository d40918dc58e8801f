/** Helpers every module's tests share: finding the reference fixtures. Never a dependency of production code. */
package r1j.testkit;
