package r1j.dialogue.tracking;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import r1j.dialogue.domain.Domain;
import r1j.dialogue.domain.IntentSpec;
import r1j.dialogue.domain.SlotSpec;
import r1j.dialogue.domain.SlotType;
import r1j.dialogue.events.ValueSource;

/**
 * Cheap, deterministic tracking over the user's text, run before the model: slot regexes, enum and list values
 * mentioned, numbers next to a slot's name ("4 people"), booleans named with or without a negation, ISO dates and
 * today/tomorrow, and the intent whose examples share the most words with the message. Confidences reflect how
 * specific each rule is: a slot's own regex or a named number is near-certain, a lone number is a guess.
 */
public final class RuleTracker {
    static final double PATTERN = 0.9;
    static final double NAMED = 0.85;
    static final double MENTIONED = 0.85;
    static final double AMBIGUOUS = 0.55;
    static final double LONE_NUMBER = 0.6;
    static final double BOOLEAN = 0.7;
    static final double RELATIVE_DATE = 0.8;
    /** Share of an example's content words the message must contain for its intent to count. */
    static final double INTENT_OVERLAP = 0.5;

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}_]+");
    private static final Pattern NUMBER = Pattern.compile("(?<![\\w.-])-?\\d+(?:\\.\\d+)?(?![\\w-]|\\.\\d)");
    private static final Pattern ISO_DATE = Pattern.compile("\\b(\\d{4}-\\d{2}-\\d{2})\\b");
    private static final Set<String> STOPWORDS = Set.of("a", "an", "the", "i", "me", "my", "to", "for", "of", "and",
            "or", "is", "are", "it", "in", "on", "at", "please", "would", "like", "want", "can", "you", "could", "we",
            "be", "do", "with", "this", "that", "some");
    private static final Set<String> NEGATIONS = Set.of("no", "not", "without", "dont", "never", "non");
    private static final Map<String, Integer> NUMBER_WORDS = Map.ofEntries(Map.entry("one", 1), Map.entry("two", 2),
            Map.entry("three", 3), Map.entry("four", 4), Map.entry("five", 5), Map.entry("six", 6),
            Map.entry("seven", 7), Map.entry("eight", 8), Map.entry("nine", 9), Map.entry("ten", 10),
            Map.entry("eleven", 11), Map.entry("twelve", 12));

    private final Domain domain;

    public RuleTracker(Domain domain) {
        this.domain = domain;
    }

    /**
     * @param currentIntent the intent so far (decides which slots a lone number may fill), or null
     * @param today         what "today" means for relative dates
     */
    public Proposal propose(String text, String currentIntent, LocalDate today) {
        Proposal.IntentGuess intent = intent(text);
        String effectiveIntent = intent != null ? intent.name() : currentIntent;
        List<Proposal.SlotGuess> slots = new ArrayList<>();
        Set<String> numbersUsed = new HashSet<>();
        for (SlotSpec slot : domain.slots()) {
            Optional<Proposal.SlotGuess> g = slot.pattern().flatMap(p -> byPattern(slot, p, text));
            if (g.isEmpty()) {
                g = switch (slot.type()) {
                    case ENUM -> enumValue(slot, text);
                    case LIST -> listValues(slot, text);
                    case NUMBER -> namedNumber(slot, text, numbersUsed);
                    case BOOLEAN -> bool(slot, text);
                    case DATE -> date(slot, text, today);
                    case TEXT -> Optional.empty();
                };
            }
            g.ifPresent(slots::add);
        }
        loneNumber(text, effectiveIntent, slots, numbersUsed).ifPresent(slots::add);
        return new Proposal(intent, slots);
    }

    private Proposal.IntentGuess intent(String text) {
        Set<String> words = contentWords(text);
        String best = null;
        double bestScore = 0;
        boolean tie = false;
        for (IntentSpec spec : domain.intents()) {
            List<String> phrases = new ArrayList<>(spec.examples());
            phrases.add(spec.name().replace('_', ' '));
            double score = 0;
            for (String p : phrases) {
                Set<String> ex = contentWords(p);
                if (ex.isEmpty()) continue;
                long shared = ex.stream().filter(words::contains).count();
                score = Math.max(score, (double) shared / ex.size());
            }
            if (score > bestScore) {
                best = spec.name();
                bestScore = score;
                tie = false;
            } else if (score == bestScore && score > 0) {
                tie = true;
            }
        }
        if (best == null || tie || bestScore < INTENT_OVERLAP) return null;
        return new Proposal.IntentGuess(best, Math.min(0.9, bestScore), ValueSource.RULE);
    }

    /** A client's pattern: RE2/J, linear in the text (the fixed patterns of this class are ours and use lookaround). */
    private static Optional<Proposal.SlotGuess> byPattern(SlotSpec slot, com.google.re2j.Pattern p, String text) {
        com.google.re2j.Matcher m = p.matcher(text);
        if (!m.find()) return Optional.empty();
        String raw = m.groupCount() >= 1 && m.group(1) != null ? m.group(1) : m.group();
        JsonNode candidate = switch (slot.type()) {
            case BOOLEAN -> NODES.booleanNode(true);
            case LIST -> NODES.arrayNode().add(raw);
            default -> NODES.textNode(raw);
        };
        return SlotValues.normalise(slot, candidate).map(v -> guess(slot, v, PATTERN));
    }

    private static Optional<Proposal.SlotGuess> enumValue(SlotSpec slot, String text) {
        List<String> found = mentioned(slot.values(), text);
        if (found.isEmpty()) return Optional.empty();
        Set<String> distinct = new HashSet<>(found);
        return Optional.of(guess(slot, NODES.textNode(found.getLast()), distinct.size() == 1 ? MENTIONED : AMBIGUOUS));
    }

    private static Optional<Proposal.SlotGuess> listValues(SlotSpec slot, String text) {
        List<String> found = mentioned(slot.values(), text);
        if (found.isEmpty()) return Optional.empty();
        ArrayNode list = NODES.arrayNode();
        found.stream().distinct().forEach(list::add);
        return Optional.of(guess(slot, list, MENTIONED));
    }

    /** Values named in the text as whole words (underscores read as spaces), in the order they appear. */
    private static List<String> mentioned(List<String> values, String text) {
        record Hit(int at, String value) {}
        List<Hit> hits = new ArrayList<>();
        for (String v : values) {
            Matcher m = wordPattern(v.replace('_', ' ')).matcher(text);
            while (m.find()) hits.add(new Hit(m.start(), v));
        }
        hits.sort((a, b) -> Integer.compare(a.at, b.at));
        return hits.stream().map(Hit::value).toList();
    }

    private static Pattern wordPattern(String phrase) {
        String body = Pattern.quote(phrase).replace(" ", "\\E\\s+\\Q");
        return Pattern.compile("(?<![\\p{L}\\p{N}])" + body + "(?![\\p{L}\\p{N}])", Pattern.CASE_INSENSITIVE);
    }

    /** "4 people", "guests: 4", "party size of 6", "for two people". */
    private static Optional<Proposal.SlotGuess> namedNumber(SlotSpec slot, String text, Set<String> used) {
        String names = String.join("|", names(slot).stream().map(n -> Pattern.quote(n).replace(" ", "\\E\\s+\\Q") + "s?").toList());
        String num = "(-?\\d+(?:\\.\\d+)?|" + String.join("|", NUMBER_WORDS.keySet()) + ")";
        Pattern before = Pattern.compile("(?<![\\w.])" + num + "\\s+(?:\\w+\\s+)?(?:" + names + ")\\b", Pattern.CASE_INSENSITIVE);
        Pattern after = Pattern.compile("\\b(?:" + names + ")\\s*(?:is|are|=|:|of|to)?\\s*" + num + "(?![\\w-]|\\.\\d)", Pattern.CASE_INSENSITIVE);
        for (Pattern p : List.of(before, after)) {
            Matcher m = p.matcher(text);
            if (m.find()) {
                String raw = m.group(1).toLowerCase(Locale.ROOT);
                used.add(raw);
                String digits = NUMBER_WORDS.containsKey(raw) ? String.valueOf(NUMBER_WORDS.get(raw)) : raw;
                return SlotValues.normalise(slot, NODES.textNode(digits)).map(v -> guess(slot, v, NAMED));
            }
        }
        return Optional.empty();
    }

    /** A single number in a message fills the only unfilled-by-rule number slot of the intent, as a guess. */
    private Optional<Proposal.SlotGuess> loneNumber(String text, String intent, List<Proposal.SlotGuess> found, Set<String> used) {
        List<SlotSpec> candidates = domain.slots().stream()
                .filter(s -> s.type() == SlotType.NUMBER && s.usedBy(intent) && s.pattern().isEmpty())
                .toList();
        if (candidates.size() != 1 || found.stream().anyMatch(g -> g.name().equals(candidates.getFirst().name()))) {
            return Optional.empty();
        }
        String withoutDates = ISO_DATE.matcher(text).replaceAll(" ");
        List<String> numbers = new ArrayList<>();
        Matcher m = NUMBER.matcher(withoutDates);
        while (m.find()) if (!used.contains(m.group())) numbers.add(m.group());
        if (numbers.size() != 1) return Optional.empty();
        SlotSpec slot = candidates.getFirst();
        return SlotValues.normalise(slot, NODES.textNode(numbers.getFirst())).map(v -> guess(slot, v, LONE_NUMBER));
    }

    /** The slot's name or a synonym mentioned: true, unless a negation stands up to three words before it. */
    private static Optional<Proposal.SlotGuess> bool(SlotSpec slot, String text) {
        List<String> words = words(text);
        for (String name : names(slot)) {
            List<String> nameWords = words(name);
            for (int i = 0; i + nameWords.size() <= words.size(); i++) {
                if (!words.subList(i, i + nameWords.size()).equals(nameWords)) continue;
                boolean negated = false;
                for (int j = Math.max(0, i - 3); j < i; j++) negated |= NEGATIONS.contains(words.get(j));
                return Optional.of(guess(slot, NODES.booleanNode(!negated), BOOLEAN));
            }
        }
        return Optional.empty();
    }

    private Optional<Proposal.SlotGuess> date(SlotSpec slot, String text, LocalDate today) {
        long dateSlots = domain.slots().stream().filter(s -> s.type() == SlotType.DATE).count();
        Matcher m = ISO_DATE.matcher(text);
        while (m.find()) {
            if (dateSlots > 1 && !namedBefore(slot, text, m.start())) continue;
            Optional<JsonNode> v = SlotValues.normalise(slot, NODES.textNode(m.group(1)));
            if (v.isPresent()) return Optional.of(guess(slot, v.get(), PATTERN));
        }
        if (dateSlots == 1) {
            List<String> w = words(text);
            if (w.contains("tomorrow")) return Optional.of(guess(slot, NODES.textNode(today.plusDays(1).toString()), RELATIVE_DATE));
            if (w.contains("today") || w.contains("tonight")) return Optional.of(guess(slot, NODES.textNode(today.toString()), RELATIVE_DATE));
        }
        return Optional.empty();
    }

    private static boolean namedBefore(SlotSpec slot, String text, int at) {
        String before = text.substring(Math.max(0, at - 40), at).toLowerCase(Locale.ROOT);
        return names(slot).stream().anyMatch(before::contains);
    }

    private static List<String> names(SlotSpec slot) {
        List<String> n = new ArrayList<>();
        n.add(slot.name().replace('_', ' ').toLowerCase(Locale.ROOT));
        slot.synonyms().forEach(s -> n.add(s.toLowerCase(Locale.ROOT)));
        return n;
    }

    private static Proposal.SlotGuess guess(SlotSpec slot, JsonNode value, double confidence) {
        return new Proposal.SlotGuess(slot.name(), value, confidence, ValueSource.RULE);
    }

    /** Lower-case words; "n't" becomes "not" so "don't" negates like "not". */
    static List<String> words(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = WORD.matcher(text.toLowerCase(Locale.ROOT).replace("n't", " not").replace("n’t", " not"));
        while (m.find()) out.add(m.group());
        return out;
    }

    private static Set<String> contentWords(String text) {
        Set<String> out = new HashSet<>();
        for (String w : words(text)) if (!STOPWORDS.contains(w)) out.add(w);
        return out;
    }
}
