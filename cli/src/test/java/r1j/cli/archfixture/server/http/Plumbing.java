package r1j.cli.archfixture.server.http;

import r1j.cli.archfixture.server.Entry;

/** Shared plumbing reaching up into the wiring: breaks the server's layers. */
public class Plumbing {
    Entry entry;
}
