package r1j.engine.tokenizer;

import java.text.Normalizer;

/** The Hugging Face normalizer applied to text between added tokens before it is split into words. */
public enum TextNormalization {
    NONE,
    /** Unicode NFC, Qwen2's normalizer: a decomposed "e + U+0301" becomes "é" and so one token sequence. */
    NFC;

    String apply(String text) {
        return switch (this) {
            case NONE -> text;
            case NFC -> Normalizer.isNormalized(text, Normalizer.Form.NFC)
                    ? text
                    : Normalizer.normalize(text, Normalizer.Form.NFC);
        };
    }
}
