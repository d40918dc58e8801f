package r1j.engine.constrain;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import r1j.engine.constrain.JsonSchemaConstraint;
import r1j.engine.constrain.TokenConstraint;
import r1j.engine.constrain.TokenTrie;

class StructuredConstraintsTest {
    // id:              0     1     2        3      4     5    6    7          8
    private static final String[] TEXTS = {"<tool", "_call>", "</th", "ink>", "{", "}", "x", "</think>", "EOS"};
    private static final TokenTrie TRIE = TokenTrie.ofTexts(TEXTS);
    private static final int EOS = 8;

    private static List<Integer> allowed(TokenConstraint c) {
        return IntStream.range(0, TEXTS.length).filter(c::allows).boxed().toList();
    }

    private static TokenConstraint emptyObject() throws Exception {
        return JsonSchemaConstraint.of(TRIE, new ObjectMapper().readTree("{\"type\":\"object\",\"properties\":{}}"));
    }

    @Test
    void thinking_is_free_but_cannot_end_and_the_answer_is_constrained_after_a_split_closing_tag() throws Exception {
        var c = new AfterReasoningConstraint(emptyObject(), true, id -> TEXTS[id], Set.of(EOS));
        assertThat(allowed(c)).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
        c.accept(6);
        c.accept(2);
        assertThat(c.inReasoning()).isTrue();
        c.accept(3);
        assertThat(c.inReasoning()).isFalse();
        assertThat(allowed(c)).containsExactly(4);
        c.accept(4);
        c.accept(5);
        assertThat(c.isComplete()).isTrue();
    }

    @Test
    void a_spent_thinking_budget_allows_only_the_closing_token() throws Exception {
        var c = new AfterReasoningConstraint(emptyObject(), true, id -> TEXTS[id], Set.of(EOS), 7, 2);
        c.accept(6);
        assertThat(allowed(c)).contains(6);
        c.accept(6);
        assertThat(allowed(c)).containsExactly(7);
        c.accept(7);
        assertThat(allowed(c)).containsExactly(4);
    }

    @Test
    void a_chain_writes_its_literal_in_any_tokenization_then_hands_over() throws Exception {
        var c = new ChainConstraint(List.of(new LiteralConstraint(TRIE, "<tool_call>"), emptyObject()));
        assertThat(allowed(c)).containsExactly(0);
        c.accept(0);
        assertThat(allowed(c)).containsExactly(1);
        c.accept(1);
        assertThat(allowed(c)).containsExactly(4);
        c.accept(4);
        c.accept(5);
        assertThat(c.isComplete()).isTrue();
    }
}
