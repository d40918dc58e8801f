package r1j.router.decide;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;
import r1j.router.config.RouteConfig;

class RouterTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final RouteConfig CONFIG = new RouteConfig("v7", 0.4, null, null,
            List.of(new RouteConfig.Upstream("big", "http://x/v1", null, null, null, null, null, null)), null);

    private static JsonNode request(String json) throws Exception {
        return JSON.readTree(json);
    }

    @Test
    void aShortChatStaysOnTheEdge() throws Exception {
        RequestFeatures f = RequestFeatures.of(request("{\"messages\":[{\"role\":\"user\",\"content\":\"Hi there\"}]}"));
        RouteDecision d = new Router(CONFIG).decide(f);
        assertThat(d.target()).isEqualTo(RouteDecision.Target.EDGE);
        assertThat(d.score()).isLessThan(0.001); // only the (tiny) length counts
        assertThat(d.header()).isEqualTo("edge; score=0.000; rule=v7; upstream=none; reason=score_below_threshold");
    }

    @Test
    void mathAskedStepByStepGoesToTheCentre() throws Exception {
        RequestFeatures f = RequestFeatures.of(request("""
                {"messages":[{"role":"user","content":[{"type":"text","text":"Solve the equation x^2=4 step by step, \
                then explain why. Put the answer in \\\\boxed{}."}]}], "max_tokens": 4096}"""));
        assertThat(f.math()).isEqualTo(1.0);
        assertThat(f.multiStep()).isEqualTo(1.0);
        assertThat(f.asksForBoxed()).isTrue();
        assertThat(f.maxTokens()).isEqualTo(4096);
        // 0.3 (math) + 0.2 (multi-step) + 0.2 * 4096 / 8192 (max_tokens) + a little length.
        double score = new Router(CONFIG).score(f);
        assertThat(score).isBetween(0.6, 0.62);
        assertThat(new Router(CONFIG).decide(f).target()).isEqualTo(RouteDecision.Target.CENTRE);
    }

    @Test
    void laterTurnsAndToolsRaiseTheScore() throws Exception {
        RequestFeatures one = RequestFeatures.of(request("{\"messages\":[{\"role\":\"user\",\"content\":\"a\"}]}"));
        RequestFeatures many = RequestFeatures.of(request("{\"messages\":[" + "{\"role\":\"user\",\"content\":\"a\"},"
                .repeat(9) + "{\"role\":\"assistant\",\"content\":\"b\"}],"
                + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}],\"tool_choice\":\"required\"}"));
        assertThat(many.userTurns()).isEqualTo(9);
        assertThat(many.toolCallExpected()).isTrue();
        Router router = new Router(CONFIG);
        // 0.1 (8 later turns, saturated) + 0.2 * 0.5 (tools offered), plus the longer text's share of length.
        assertThat(router.score(many) - router.score(one)).isCloseTo(0.2, org.assertj.core.data.Offset.offset(0.001));
    }

    @Test
    void escalationSignals() throws Exception {
        Escalation e = new Escalation(new RouteConfig.Escalation(null, null, null, -1.0));
        RequestFeatures boxed = RequestFeatures.of(request(
                "{\"messages\":[{\"role\":\"user\",\"content\":\"put it in \\\\boxed{}\"}]}"));
        RequestFeatures plain = RequestFeatures.of(request("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"));
        RequestFeatures tools = RequestFeatures.of(request("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
                + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}]}"));
        assertThat(e.signal(boxed, answer("The answer is 4.", "stop", ""))).contains("escalated_missing_boxed");
        assertThat(e.signal(boxed, answer("\\\\boxed{4}", "stop", ""))).isEmpty();
        assertThat(e.signal(plain, answer("cut", "length", ""))).contains("escalated_length");
        assertThat(e.signal(tools, answer("<tool_call>{oops", "stop", ""))).contains("escalated_bad_tool_call");
        assertThat(e.signal(tools, answer("no call needed", "stop", ""))).isEmpty();
        assertThat(e.signal(plain, answer("unsure", "stop",
                ",\"logprobs\":{\"content\":[{\"token\":\"a\",\"logprob\":-3.0},{\"token\":\"b\",\"logprob\":-0.5}]}")))
                .contains("escalated_low_logprob");
        assertThat(e.signal(plain, answer("sure", "stop",
                ",\"logprobs\":{\"content\":[{\"token\":\"a\",\"logprob\":-0.1}]}"))).isEmpty();
    }

    private static EdgeAnswer answer(String content, String finish, String extra) throws Exception {
        return EdgeAnswer.of(request("{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\""
                + content.replace("\"", "\\\"") + "\"},\"finish_reason\":\"" + finish + "\"" + extra + "}]}"));
    }
}
