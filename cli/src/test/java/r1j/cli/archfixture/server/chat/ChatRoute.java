package r1j.cli.archfixture.server.chat;

import r1j.cli.archfixture.engine.Sampler;
import r1j.cli.archfixture.server.http.Plumbing;
import r1j.cli.archfixture.server.info.InfoRoute;

/** Uses the engine and the plumbing (allowed) and another route package (breaks "routes are independent"). */
public class ChatRoute {
    Sampler sampler;
    Plumbing plumbing;
    InfoRoute info;
}
