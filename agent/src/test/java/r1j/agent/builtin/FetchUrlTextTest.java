package r1j.agent.builtin;

import static org.assertj.core.api.Assertions.assertThat;

import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;

class FetchUrlTextTest {
    @Test
    void keeps_title_and_visible_text_one_block_per_line() {
        String html = """
                <html><head><title> Prime numbers </title><style>p{color:red}</style>
                <script>var secret = 1;</script></head>
                <body><nav><a href="/">Home</a></nav>
                <h1>Primes</h1><p>A prime has <b>exactly</b> two divisors.</p>
                <ul><li>2</li><li>3</li></ul><footer>(c) someone</footer></body></html>""";
        assertThat(FetchUrl.pageText(Jsoup.parse(html)))
                .isEqualTo("Prime numbers\n\nPrimes\nA prime has exactly two divisors.\n2\n3");
    }
}
