package r1j.server.generation;

import r1j.engine.model.LoadedModel;
import r1j.server.http.ApiException;

/**
 * The model as clients see it: the loaded files plus the name they must send and the context a request may use.
 */
public record ServedModel(String name, LoadedModel model, int maxModelLen) {
    public ServedModel {
        if (maxModelLen < 2) throw new IllegalArgumentException("max model length must be >= 2, got " + maxModelLen);
    }

    /** A request's {@code model} must name this one; leaving it out means this one (vLLM does the same). */
    public void require(String requested) {
        if (requested != null && !requested.equals(name)) {
            throw new ApiException.NotFound("The model `" + requested + "` does not exist. This server serves `"
                    + name + "`.", "model", "model_not_found");
        }
    }
}
