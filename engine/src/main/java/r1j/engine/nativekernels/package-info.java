/**
 * The optional native kernels ({@code native/r1jk.c}, called through FFM): which to run ({@link KernelSelector}),
 * loading the library and its downcalls ({@link NativeLibrary}), and weight matrices repacked for it
 * ({@link NativeMatrix}). The Java kernels in {@code r1j.engine.kernels} stay the reference and the fallback.
 */
package r1j.engine.nativekernels;
