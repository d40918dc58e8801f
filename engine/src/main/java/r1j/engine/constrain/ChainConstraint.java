package r1j.engine.constrain;

import java.util.List;
import r1j.engine.constrain.TokenConstraint;

/**
 * Parts one after another: each part constrains the output until it is complete, then the next one takes over
 * (a forced tool call is a literal head, the arguments' JSON schema, then a literal tail).
 */
public final class ChainConstraint implements TokenConstraint {
    private final List<TokenConstraint> parts;
    private int current;

    public ChainConstraint(List<TokenConstraint> parts) {
        if (parts.isEmpty()) throw new IllegalArgumentException("a chain needs at least one part");
        this.parts = List.copyOf(parts);
    }

    @Override
    public boolean allows(int tokenId) {
        return current < parts.size() && parts.get(current).allows(tokenId);
    }

    @Override
    public void accept(int tokenId) {
        parts.get(current).accept(tokenId);
        while (current < parts.size() && parts.get(current).isComplete()) current++;
    }

    @Override
    public boolean isComplete() {
        return current == parts.size();
    }
}
