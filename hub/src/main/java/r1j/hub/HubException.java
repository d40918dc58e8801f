package r1j.hub;

import java.io.IOException;

/** A hub or cache failure the user can act on; the message is one line that says what to do. */
public class HubException extends IOException {
    public HubException(String message) {
        super(message);
    }

    public HubException(String message, Throwable cause) {
        super(message, cause);
    }
}
