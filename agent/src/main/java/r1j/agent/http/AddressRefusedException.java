package r1j.agent.http;

import java.net.UnknownHostException;

/**
 * A host whose addresses the policy refuses. An {@link UnknownHostException} because that is what a connection's
 * resolver may throw; the message is for the model.
 */
final class AddressRefusedException extends UnknownHostException {
    AddressRefusedException(String message) {
        super(message);
    }
}
