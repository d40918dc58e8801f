package r1j.server.protocol;

/**
 * The sampling fields chat and text completions share; both request records implement it through their
 * accessors, so one resolver turns either into engine settings.
 */
public interface SamplingFields {
    Double temperature();

    Double topP();

    Integer topK();

    Double minP();

    Double presencePenalty();

    Double frequencyPenalty();

    Double repetitionPenalty();

    Long seed();

    Integer n();

    java.util.List<String> stop();

    Boolean ignoreEos();
}
