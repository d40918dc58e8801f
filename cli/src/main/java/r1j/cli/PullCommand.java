package r1j.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import r1j.hub.DownloadProgress;
import r1j.hub.ModelReference;
import r1j.hub.PulledModel;

/** {@code r1j pull ORG/NAME[:QUANT]}: fetches a model into the Hugging Face cache and prints its local path. */
@Command(name = "pull", mixinStandardHelpOptions = true,
        description = {"Download a model from the Hugging Face hub into the Hugging Face cache (shared with"
                + " huggingface-cli, transformers and llama.cpp; HF_HOME / HF_HUB_CACHE choose it).",
                "ORG/NAME: the safetensors model (config, tokenizer, weights) or, in a GGUF-only repository, its Q4_K_M"
                + " file; ORG/NAME:QUANT: the GGUF file with that quant tag (case-insensitive, as llama.cpp's -hf);"
                + " ORG/NAME:FILE.gguf: that file. HF_TOKEN for gated models, HF_ENDPOINT for a mirror."})
final class PullCommand implements Callable<Integer> {
    @Parameters(paramLabel = "ORG/NAME[:QUANT]", description = "The model, e.g. ${DEFAULT-VALUE}.")
    String model = ModelSource.DEFAULT_MODEL;

    @Override
    public Integer call() throws Exception {
        ModelReference ref = ModelReference.parse(model).orElseThrow(() ->
                new IllegalArgumentException("not a hub model reference (ORG/NAME[:QUANT]): " + model));
        PulledModel pulled = ModelSource.hub().pull(ref);
        System.out.println(pulled.path());
        System.err.printf("r1j: %s at commit %s: %d file%s, %s%n", ref, pulled.commit().substring(0, 12), pulled.files().size(),
                pulled.files().size() == 1 ? "" : "s",
                pulled.fromCache() ? "from the cache (hub not asked)"
                        : pulled.downloaded() == 0 ? "already cached" : DownloadProgress.bytes(pulled.downloaded()) + " downloaded");
        return 0;
    }
}
