package r1j.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.stream.Stream;
import r1j.engine.gguf.GgufFile;
import r1j.engine.quantize.QuantMix;
import r1j.eval.run.EvalJson;

/**
 * What a local model file is, stored with an eval run: its name, size and sha256, and for a GGUF its
 * {@code general.*} metadata and quantization type (from {@code general.file_type}). A Hugging Face directory is
 * named by its directory and total size (hashing every shard would cost more than it tells).
 */
final class LocalModelIdentity {
    private LocalModelIdentity() {}

    static ObjectNode of(Path model, String requestName) throws IOException {
        ObjectNode id = EvalJson.MAPPER.createObjectNode();
        id.put("request_name", requestName);
        id.put("file", model.getFileName().toString());
        if (Files.isDirectory(model)) {
            try (Stream<Path> files = Files.walk(model)) {
                id.put("size_bytes", files.filter(Files::isRegularFile).mapToLong(LocalModelIdentity::size).sum());
            }
            id.put("format", "huggingface");
            return id;
        }
        id.put("size_bytes", Files.size(model));
        id.put("sha256", sha256(model));
        try (GgufFile gguf = GgufFile.open(model)) {
            ObjectNode general = id.putObject("gguf");
            for (Map.Entry<String, Object> e : new java.util.TreeMap<>(gguf.metadata()).entrySet()) {
                if (!e.getKey().startsWith("general.")) continue;
                Object v = e.getValue();
                if (v instanceof String || v instanceof Number || v instanceof Boolean) general.putPOJO(e.getKey(), v);
            }
            if (gguf.has("general.file_type")) {
                int fileType = gguf.getInt("general.file_type");
                id.put("quantization", quantName(fileType));
            }
        }
        return id;
    }

    private static String quantName(int fileType) {
        for (QuantMix m : QuantMix.values()) if (m.fileType == fileType) return m.name();
        return "file_type " + fileType;
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return 0;
        }
    }

    private static String sha256(Path file) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
