// A conversation as a downloadable file: Markdown for reading, JSON (the server's own records) for tools.

function download(name, type, text) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = Object.assign(document.createElement('a'), { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function fileName(title, extension) {
  const base = (title || 'conversation').replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-|-$/g, '').slice(0, 60);
  return `${base || 'conversation'}.${extension}`;
}

/** The messages as Markdown: headings per speaker, thinking as a quote, tool calls as code. */
export function toMarkdown(title, messages) {
  const out = [`# ${title}`, ''];
  for (const m of messages) {
    if (m.role === 'user') out.push('## User', '', m.content, '');
    else if (m.role === 'assistant') {
      out.push('## Assistant', '');
      if (m.reasoning) out.push(m.reasoning.trim().split('\n').map((l) => `> ${l}`).join('\n'), '');
      out.push(m.content ?? '', '');
    } else if (m.role === 'tool_call') out.push(`### Tool call: ${m.tool_name}`, '', '```json', m.content, '```', '');
    else if (m.role === 'tool_result') {
      // The name, time and error are recorded by servers that run tools (older logs have the content only).
      const notes = [m.duration_ms != null ? `${m.duration_ms} ms` : null, m.error ? 'failed' : null].filter(Boolean);
      const heading = `### Tool result${m.tool_name ? `: ${m.tool_name}` : ''}${notes.length ? ` (${notes.join(', ')})` : ''}`;
      out.push(heading, '', '```', m.content, '```', '');
    }
  }
  return out.join('\n');
}

export function exportMarkdown(title, messages) {
  download(fileName(title, 'md'), 'text/markdown', toMarkdown(title, messages));
}

export function exportJson(title, conversation, events) {
  download(fileName(title, 'json'), 'application/json',
    JSON.stringify({ title, conversation, events }, null, 2));
}
