package r1j.engine.qwen2;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import r1j.engine.gguf.GgufFile;
import r1j.engine.kernels.ComputePool;
import r1j.engine.kv.KvBlockPool;
import r1j.engine.model.GgufModelConfig;
import r1j.engine.model.ModelConfig;
import r1j.engine.model.Qwen2Weights;
import r1j.engine.nativekernels.KernelChoice;
import r1j.engine.tensor.TensorEntry;

/** A tiny-qwen2 fixture opened as a {@link Qwen2Model} on chosen kernels, with a KV pool; for the native tests. */
final class NativeModels implements AutoCloseable {
    final GgufFile gguf;
    final ComputePool pool;
    final ModelConfig config;
    final Qwen2Model model;
    final KvBlockPool kvPool;

    NativeModels(String fileType, KernelChoice kernels, int threads) throws IOException {
        gguf = GgufFile.open(ReferenceCase.modelFile(fileType));
        pool = new ComputePool(threads);
        config = GgufModelConfig.read(gguf);
        Map<String, TensorEntry> tensors = new HashMap<>();
        for (TensorEntry t : gguf.tensors()) tensors.put(t.name(), t);
        model = new Qwen2Model(config, Qwen2Weights.from(config, tensors, kernels), pool);
        kvPool = new KvBlockPool(16, config.layers(), config.kvDim(), 4096 / 16 + 8);
    }

    @Override
    public void close() {
        pool.close();
        gguf.close();
    }
}
