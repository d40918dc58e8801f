package r1j.cli.archfixture.engine;

import r1j.cli.archfixture.server.chat.ChatRoute;

/** Breaks "the engine knows nothing above it" and, with {@link ChatRoute} using it, closes a package cycle. */
public class Sampler {
    ChatRoute caller;
}
