// Message text to safe HTML: Markdown (marked), math (KaTeX) and code highlighting (highlight.js), sanitized by
// DOMPurify because the text is model output. Math is cut out before Markdown runs, so Markdown never sees (and
// mangles) a formula's underscores and backslashes; code spans and blocks are left as they are.

import { marked } from 'marked';
import DOMPurify from 'dompurify';
import katex from 'katex';

const CODE = /(```[\s\S]*?(?:```|$)|`[^`\n]+`)/g;
// Display first, so $$ is never read as two empty inline formulas.
const MATH = /\$\$([\s\S]+?)\$\$|\\\[([\s\S]+?)\\\]|\\\(([\s\S]+?)\\\)|(?<![\\$\w])\$(?!\s)([^$\n]+?)(?<!\s)\$(?![\w$])/g;

/** Where a `\boxed{...}` that stands outside any formula ends (balanced braces), or -1. */
function boxedEnd(text, start) {
  let depth = 0;
  for (let i = start + '\\boxed'.length; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return i + 1;
  }
  return -1;
}

function formula(tex, display) {
  const html = katex.renderToString(tex, { displayMode: display, throwOnError: false, output: 'htmlAndMathml' });
  // \boxed{} is how the model marks its final answer: make it stand out.
  const final = /\\boxed\s*\{/.test(tex) ? ' final-answer' : '';
  return `<span class="math${display ? ' math-display' : ''}${final}">${html}</span>`;
}

/** Replaces formulas (outside code) by placeholders; returns the text and the rendered formulas. */
function extractMath(text) {
  const formulas = [];
  // Private-use characters: Markdown and the sanitizer leave them alone, and model text does not contain them.
  const keep = (html) => `\uE000${formulas.push(html) - 1}\uE001`;
  const parts = text.split(CODE).map((part, i) => {
    if (i % 2 === 1) return part;  // code: untouched
    let out = part.replace(MATH, (m, dollars, brackets, parens, inline) =>
      keep(formula(dollars ?? brackets ?? parens ?? inline, dollars !== undefined || brackets !== undefined)));
    // A bare \boxed{...} outside any formula is still the final answer.
    let at;
    while ((at = out.indexOf('\\boxed{')) >= 0) {
      const end = boxedEnd(out, at);
      if (end < 0) break;
      out = out.slice(0, at) + keep(formula(out.slice(at, end), false)) + out.slice(end);
    }
    return out;
  });
  return { text: parts.join(''), formulas };
}

marked.use({
  gfm: true,
  breaks: false,
  renderer: {
    code({ text, lang }) {
      const language = lang && window.hljs?.getLanguage(lang) ? lang : null;
      const html = window.hljs
        ? (language ? window.hljs.highlight(text, { language }) : window.hljs.highlightAuto(text)).value
        : text.replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c]);
      return `<pre><code class="hljs${language ? ` language-${language}` : ''}">${html}</code></pre>`;
    },
  },
});

/** Model text (Markdown with math) as sanitized HTML. */
export function renderMarkdown(text) {
  const { text: markdown, formulas } = extractMath(text ?? '');
  const html = DOMPurify.sanitize(marked.parse(markdown));
  // KaTeX's own output is put back after sanitizing: it is generated from the formula, not copied from it.
  return html.replace(/\uE000(\d+)\uE001/g, (m, i) => formulas[Number(i)]);
}
