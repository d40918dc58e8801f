package r1j.server.protocol;

import java.util.List;

/** {@code GET /v1/models}. */
public record ModelList(String object, List<Model> data) {
    public ModelList(List<Model> data) {
        this("list", data);
    }

    /** {@code max_model_len} is vLLM's extra: the context a request may use. */
    public record Model(String id, String object, long created, String ownedBy, String root, int maxModelLen) {
        public Model(String id, long created, String root, int maxModelLen) {
            this(id, "model", created, "r1j", root, maxModelLen);
        }
    }
}
