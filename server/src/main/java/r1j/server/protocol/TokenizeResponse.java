package r1j.server.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

public record TokenizeResponse(
        int count, int maxModelLen, int[] tokens, @JsonInclude(JsonInclude.Include.NON_NULL) List<String> tokenStrs) {}
