package r1j.cli.archfixture.server;

import r1j.cli.archfixture.server.chat.ChatRoute;
import r1j.cli.archfixture.server.info.InfoRoute;

/** The wiring using its routes: allowed. */
public class Entry {
    ChatRoute chat;
    InfoRoute info;
}
