package r1j.engine.tokenizer;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Byte-level BPE with Hugging Face {@code tokenizers} semantics (Qwen2 / DeepSeek-R1-Distill-Qwen).
 *
 * <p>Encoding: split out added tokens ({@link AddedTokenMatcher}); normalize the text between them; cut it into
 * words ({@link PreTokenizer}); write each word's UTF-8 bytes as byte-level symbols; merge adjacent symbols,
 * always the pair with the best (lowest) merge rank, leftmost on a tie, until no pair has a merge.
 *
 * <p>Immutable and safe to share between threads; the only shared mutable state is a bounded concurrent cache of
 * word -> ids. Per-call scratch lives in the call.
 */
public final class BpeTokenizer {
    /** Words seen again are the common case (" the", "\n"), so they skip BPE; bounded by clearing when full. */
    private static final int CACHE_LIMIT = 1 << 16;
    /** Longer words are rare and would make the cache's memory unbounded. */
    private static final int CACHEABLE_WORD_LENGTH = 64;

    private final TokenizerSpec spec;
    private final String[] tokens;
    private final int[] types;
    /** Added tokens are raw text; every other token string is in byte-level form. */
    private final boolean[] added;
    private final boolean[] special;
    private final TokenIndex idOfToken;
    private final Map<String, Integer> idOfAddedToken = new HashMap<>();
    private final int[] byteToken = new int[256];
    private final MergeTable merges;
    private final AddedTokenMatcher addedTokens;
    private final ConcurrentHashMap<String, int[]> wordCache = new ConcurrentHashMap<>();

    public BpeTokenizer(TokenizerSpec spec) {
        this.spec = spec;
        // Copied: the record hands out its arrays, and this class promises to be immutable.
        this.tokens = spec.tokens().clone();
        this.types = spec.tokenTypes().clone();
        int n = tokens.length;

        added = new boolean[n];
        special = new boolean[n];
        for (AddedToken t : spec.addedTokens()) {
            idOfAddedToken.put(t.content(), t.id());
            added[t.id()] = true;
            special[t.id()] = t.special();
        }
        boolean[] bpeToken = new boolean[n];
        for (int id = 0; id < n; id++) {
            if (types[id] == TokenType.CONTROL.code) special[id] = true;
            bpeToken[id] = !added[id];
        }
        idOfToken = new TokenIndex(tokens, bpeToken);
        for (int b = 0; b < 256; b++) {
            int id = idOfToken.get(String.valueOf(ByteLevel.charOf(b)));
            if (id < 0) {
                throw new TokenizerFormatException(String.format(
                        "vocabulary has no token for byte 0x%02X ('%c'); a byte-level BPE vocabulary needs all 256",
                        b, ByteLevel.charOf(b)));
            }
            byteToken[b] = id;
        }
        merges = buildMergeTable(spec.merges(), idOfToken);
        addedTokens = new AddedTokenMatcher(spec.addedTokens(), types);
    }

    private static MergeTable buildMergeTable(String[] mergeLines, TokenIndex idOfToken) {
        MergeTable table = new MergeTable(mergeLines.length);
        for (int rank = 0; rank < mergeLines.length; rank++) {
            String line = mergeLines[rank];
            int space = line.indexOf(' ');
            if (space <= 0 || space == line.length() - 1 || line.indexOf(' ', space + 1) >= 0) {
                throw new TokenizerFormatException("merge " + rank + " '" + line + "' is not of the form 'left right'");
            }
            int left = idOfToken.get(line, 0, space);
            int right = idOfToken.get(line, space + 1, line.length());
            int merged = idOfToken.getWithout(line, 0, line.length(), space);
            if (left < 0 || right < 0 || merged < 0) {
                String missing = left < 0 ? line.substring(0, space)
                        : right < 0 ? line.substring(space + 1) : line.replace(" ", "");
                throw new TokenizerFormatException(
                        "merge " + rank + " '" + line + "' uses '" + missing + "', which is not in the vocabulary");
            }
            table.put(left, right, rank, merged);
        }
        return table;
    }

    // ---------------------------------------------------------------- encoding

    /** Token ids of {@code text}, without BOS. See {@link AddedTokenMatcher} for what {@code parseSpecial} does. */
    public int[] encode(String text, boolean parseSpecial) {
        IntBuffer out = new IntBuffer(Math.max(16, text.length() / 3));
        addedTokens.split(text, parseSpecial, new AddedTokenMatcher.Sink() {
            @Override
            public void text(String segment) {
                spec.preTokenizer().split(spec.normalization().apply(segment), word -> encodeWord(word, out));
            }

            @Override
            public void token(int id) {
                out.add(id);
            }
        });
        return out.toArray();
    }

    /**
     * Ids of a prompt: special tokens parsed, and BOS in front when the tokenizer adds one and the text does not
     * already start with it (a rendered chat template writes its own BOS).
     */
    public int[] encodeWithBos(String text) {
        int[] ids = encode(text, true);
        if (!spec.addBos() || (ids.length > 0 && ids[0] == spec.bos())) return ids;
        int[] withBos = new int[ids.length + 1];
        withBos[0] = spec.bos();
        System.arraycopy(ids, 0, withBos, 1, ids.length);
        return withBos;
    }

    private void encodeWord(String word, IntBuffer out) {
        if (word.length() == 1 && word.charAt(0) < 0x80) {
            out.add(byteToken[word.charAt(0)]);
            return;
        }
        boolean cacheable = word.length() <= CACHEABLE_WORD_LENGTH;
        int[] ids = cacheable ? wordCache.get(word) : null;
        if (ids == null) {
            ids = bpe(Utf8.encode(word));
            if (cacheable) {
                if (wordCache.size() >= CACHE_LIMIT) wordCache.clear();
                wordCache.put(word, ids);
            }
        }
        out.addAll(ids);
    }

    /**
     * Merges the byte symbols of one word. Symbols form a linked list over their start positions; a min-heap holds
     * candidate merges as (rank << 32 | left position), so the best rank comes first and the leftmost among equal
     * ranks. A candidate is stale when its left symbol was merged away or the pair has changed since it was pushed.
     */
    private int[] bpe(byte[] bytes) {
        int n = bytes.length;
        int[] symbol = new int[n];
        int[] prev = new int[n];
        int[] next = new int[n];
        for (int i = 0; i < n; i++) {
            symbol[i] = byteToken[bytes[i] & 0xFF];
            prev[i] = i - 1;
            next[i] = i + 1 < n ? i + 1 : -1;
        }
        LongHeap heap = new LongHeap(n);
        for (int i = 0; i + 1 < n; i++) pushCandidate(heap, symbol, i, i + 1);
        int count = n;
        while (!heap.isEmpty()) {
            long top = heap.pop();
            int rank = (int) (top >>> 32);
            int left = (int) top;
            int right = next[left];
            if (symbol[left] < 0 || right < 0) continue;
            long merge = merges.get(symbol[left], symbol[right]);
            if (merge == MergeTable.ABSENT || MergeTable.rank(merge) != rank) continue;
            symbol[left] = MergeTable.merged(merge);
            symbol[right] = -1;
            next[left] = next[right];
            if (next[left] >= 0) prev[next[left]] = left;
            count--;
            if (prev[left] >= 0) pushCandidate(heap, symbol, prev[left], left);
            if (next[left] >= 0) pushCandidate(heap, symbol, left, next[left]);
        }
        int[] ids = new int[count];
        for (int i = 0, k = 0; i >= 0; i = next[i]) ids[k++] = symbol[i];
        return ids;
    }

    private void pushCandidate(LongHeap heap, int[] symbol, int left, int right) {
        long merge = merges.get(symbol[left], symbol[right]);
        if (merge != MergeTable.ABSENT) heap.push(((long) MergeTable.rank(merge) << 32) | left);
    }

    // ---------------------------------------------------------------- decoding

    /** The text of {@code ids}: their bytes joined, then UTF-8 with U+FFFD for ill-formed parts. */
    public String decode(int[] ids) {
        ByteBuffer bytes = new ByteBuffer(ids.length * 4);
        for (int id : ids) bytes.add(bytesOf(id));
        return Utf8.decode(bytes.data, 0, bytes.size);
    }

    public String decode(List<Integer> ids) {
        return decode(ids.stream().mapToInt(Integer::intValue).toArray());
    }

    /** A streaming decoder for one sequence (not thread-safe; make one per stream). */
    public IncrementalDecoder newDecoder() {
        return new IncrementalDecoder(this);
    }

    /**
     * Raw bytes a token stands for: an added token's UTF-8 text, otherwise the bytes behind its byte-level
     * characters. Worked out per call rather than stored, which keeps construction cheap; decoding is not hot.
     */
    byte[] bytesOf(int id) {
        checkId(id);
        return added[id] ? Utf8.encode(tokens[id]) : ByteLevel.decode(tokens[id]);
    }

    /** Decoded text of one token; a token holding part of a UTF-8 character shows U+FFFD for it. */
    public String tokenText(int id) {
        byte[] b = bytesOf(id);
        return Utf8.decode(b, 0, b.length);
    }

    /**
     * The id of the token whose decoded text is {@code text} (the inverse of {@link #tokenText}): an added token
     * by its content, or a BPE token by its text ({@code " the"}, not its stored form {@code "Ġthe"}).
     */
    public OptionalInt id(String text) {
        Integer added = idOfAddedToken.get(text);
        if (added != null) return OptionalInt.of(added);
        int id = idOfToken.get(ByteLevel.encode(Utf8.encode(text)));
        return id < 0 ? OptionalInt.empty() : OptionalInt.of(id);
    }

    /** Whether the id is a control token or an added token marked special (BOS, EOS, {@code <|fim_pad|>}). */
    public boolean isSpecial(int id) {
        checkId(id);
        return special[id];
    }

    public TokenType tokenType(int id) {
        checkId(id);
        return TokenType.fromCode(types[id]);
    }

    public int vocabSize() {
        return tokens.length;
    }

    public int bos() {
        return spec.bos();
    }

    public int eos() {
        return spec.eos();
    }

    public int pad() {
        return spec.pad();
    }

    public boolean addBos() {
        return spec.addBos();
    }

    public TokenizerSpec spec() {
        return spec;
    }

    private void checkId(int id) {
        if (id < 0 || id >= tokens.length) {
            throw new IllegalArgumentException("token id " + id + " is outside the vocabulary of " + tokens.length);
        }
    }

    // ---------------------------------------------------------------- small growable buffers

    private static final class IntBuffer {
        int[] data;
        int size;

        IntBuffer(int capacity) {
            data = new int[capacity];
        }

        void add(int v) {
            if (size == data.length) data = Arrays.copyOf(data, size * 2);
            data[size++] = v;
        }

        void addAll(int[] values) {
            if (size + values.length > data.length) data = Arrays.copyOf(data, Math.max(size * 2, size + values.length));
            System.arraycopy(values, 0, data, size, values.length);
            size += values.length;
        }

        int[] toArray() {
            return Arrays.copyOf(data, size);
        }
    }

    static final class ByteBuffer {
        byte[] data;
        int size;

        ByteBuffer(int capacity) {
            data = new byte[Math.max(8, capacity)];
        }

        void add(byte[] bytes) {
            if (size + bytes.length > data.length) data = Arrays.copyOf(data, Math.max(data.length * 2, size + bytes.length));
            System.arraycopy(bytes, 0, data, size, bytes.length);
            size += bytes.length;
        }

        /** Drops the first {@code count} bytes. */
        void discard(int count) {
            System.arraycopy(data, count, data, 0, size - count);
            size -= count;
        }
    }

    /** Binary min-heap of longs. */
    private static final class LongHeap {
        private long[] heap;
        private int size;

        LongHeap(int capacity) {
            heap = new long[Math.max(4, capacity)];
        }

        boolean isEmpty() {
            return size == 0;
        }

        void push(long v) {
            if (size == heap.length) heap = Arrays.copyOf(heap, size * 2);
            int i = size++;
            while (i > 0) {
                int parent = (i - 1) >>> 1;
                if (heap[parent] <= v) break;
                heap[i] = heap[parent];
                i = parent;
            }
            heap[i] = v;
        }

        long pop() {
            long top = heap[0];
            long last = heap[--size];
            int i = 0;
            while (true) {
                int child = 2 * i + 1;
                if (child >= size) break;
                if (child + 1 < size && heap[child + 1] < heap[child]) child++;
                if (heap[child] >= last) break;
                heap[i] = heap[child];
                i = child;
            }
            heap[i] = last;
            return top;
        }
    }
}
