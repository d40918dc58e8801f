// The web chat: a conversation list beside one open conversation, whose answers stream from the server.
// Plain ES modules and the DOM, no framework: one page with a handful of views does not need one, and nothing has to
// be built or kept up to date besides the pom's webjar versions.

import { api, ApiError, onKeyNeeded } from './api.js';
import { renderMarkdown } from './render.js';
import { local } from './local.js';
import { exportJson, exportMarkdown } from './export.js';
import { isToolEvent, liveToolSteps, loadTools, storedToolCard, toolsBody } from './tools.js';

const $ = (id) => document.getElementById(id);
const el = (tag, className, text) => {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
};

const state = {
  conversations: [],
  /** The open conversation: {id, title, messages} or null for a new chat. */
  current: null,
  /** Settings typed before the new chat's first message created it. */
  pendingSettings: {},
  /** The answer being streamed: {controller}. */
  streaming: null,
};

const titleOf = (c) => c?.metadata?.title || 'Untitled chat';

function status(text, isError = false) {
  $('status').textContent = text;
  $('status').classList.toggle('error', isError);
}

function report(error) {
  console.error(error);
  status(error instanceof ApiError ? error.message : `Error: ${error.message}`, true);
}

// ---------------------------------------------------------------- the API key

onKeyNeeded((previousError) => new Promise((resolve) => {
  const dialog = $('login');
  $('login-error').textContent = previousError ?? '';
  $('login-key').value = '';
  $('login-form').onsubmit = () => resolve($('login-key').value.trim());
  dialog.showModal();
}));

// ---------------------------------------------------------------- the conversation list

async function loadList() {
  state.conversations = (await api.list()).data;
  renderList();
}

function renderList() {
  const query = $('search').value.trim().toLowerCase();
  const list = $('conversations');
  list.replaceChildren();
  for (const c of state.conversations) {
    if (query && !titleOf(c).toLowerCase().includes(query)) continue;
    const item = el('li');
    const button = el('button', 'conversation', titleOf(c));
    button.type = 'button';
    button.dataset.id = c.id;
    button.title = new Date(c.created_at * 1000).toLocaleString();
    if (state.current?.id === c.id) button.setAttribute('aria-current', 'true');
    button.onclick = () => openConversation(c.id).catch(report);
    item.append(button);
    list.append(item);
  }
}

function closeSidebarOnPhone() {
  document.body.classList.remove('sidebar-open');
}

// ---------------------------------------------------------------- one conversation

async function openConversation(id) {
  if (state.streaming) stop();
  const c = await api.get(id);
  state.current = { id: c.id, title: titleOf(c), metadata: c.metadata, messages: c.state?.messages ?? [] };
  location.hash = c.id;
  showSettings(local.settings(c.id));
  renderConversation();
  renderList();
  closeSidebarOnPhone();
  status('');
}

function newChat() {
  if (state.streaming) stop();
  state.current = null;
  state.pendingSettings = {};
  history.replaceState(null, '', location.pathname + location.search);
  showSettings({});
  renderConversation();
  renderList();
  closeSidebarOnPhone();
  $('prompt').focus();
}

function renderConversation() {
  $('chat-title').textContent = state.current?.title ?? 'New chat';
  for (const id of ['rename', 'export-md', 'export-json', 'delete']) $(id).disabled = !state.current;
  const box = $('messages');
  box.replaceChildren();
  if (!state.current) {
    box.append(el('p', 'empty', 'Ask anything. The model thinks first, then answers.'));
    return;
  }
  const messages = state.current.messages;
  const lastAssistant = messages.findLastIndex((m) => m.role === 'assistant');
  const results = new Map(messages.filter((m) => m.role === 'tool_result').map((m) => [m.tool_call_id, m]));
  messages.forEach((m, i) => {
    if (m.role === 'user') box.append(userView(m));
    else if (m.role === 'assistant') {
      const view = assistantView();
      // A tool-loop step (the model turn that made the calls after it) shows its thinking time but no numbers line.
      const step = messages[i + 1]?.role === 'tool_call';
      view.show(m.reasoning, m.content, m.stats?.thinking_ms ?? undefined);
      if (!step) view.finish(m.stats, endNote(m.finish_reason), i === lastAssistant);
      box.append(view.node);
    } else if (m.role === 'tool_call') box.append(storedToolCard(m, results.get(m.tool_call_id)));
  });
  box.scrollTop = box.scrollHeight;
}

/** Why an answer ended early, in words; null when it simply finished. */
function endNote(finishReason) {
  switch (finishReason) {
    case 'cancelled': return 'stopped';
    case 'length': return 'cut at max tokens';
    case 'error': return 'failed';
    default: return null;
  }
}

/** The numbers line under an answer, from the stats the server stored with it. */
function statsLine(stats, note) {
  const parts = [];
  if (note) parts.push(note);
  if (stats) {
    parts.push(`${stats.reasoning_tokens + stats.answer_tokens} tokens`);
    if (stats.reasoning_tokens) parts.push(`${stats.reasoning_tokens} thinking`);
    parts.push(`${stats.prompt_tokens} prompt`);
    if (stats.tokens_per_s) parts.push(`${stats.tokens_per_s.toFixed(1)} tokens/s`);
    parts.push(`${(stats.duration_ms / 1000).toFixed(1)} s`);
    if (stats.preset) parts.push(`${stats.preset} preset`);
  }
  return parts.join(' · ');
}

function userView(message) {
  const node = el('div', 'message user');
  node.dataset.turn = message.turn;
  const text = el('div', 'text', message.content);
  const actions = el('div', 'actions');
  const edit = el('button', 'edit', 'Edit');
  edit.type = 'button';
  edit.onclick = () => editMessage(node, message);
  actions.append(edit, copyButton(() => message.content));
  node.append(text, actions);
  return node;
}

function copyButton(text) {
  const button = el('button', 'copy', 'Copy');
  button.type = 'button';
  button.onclick = async () => {
    try {
      await navigator.clipboard.writeText(text());
      button.textContent = 'Copied';
    } catch {
      button.textContent = 'Copy failed';
    }
    setTimeout(() => { button.textContent = 'Copy'; }, 1500);
  };
  return button;
}

/**
 * An answer: the thinking (live, then folded as "Thought for N s"), the answer text, and a line with its numbers
 * and actions. Rendering is batched to one per frame, as deltas come far faster than the eye reads.
 */
function assistantView() {
  const node = el('div', 'message assistant');
  const thinking = el('details', 'thinking');
  const summary = el('summary', null, 'Thinking…');
  const thoughts = el('div', 'thoughts');
  thinking.append(summary, thoughts);
  thinking.hidden = true;
  const answer = el('div', 'text markdown');
  const footer = el('div', 'footer');
  node.append(thinking, answer, footer);
  let reasoning = '';
  let content = '';
  let scheduled = false;

  const paint = () => {
    scheduled = false;
    thinking.hidden = reasoning.trim() === '';
    thoughts.textContent = reasoning;
    // While it streams, the newest thought stays in view inside its scrolling box.
    if (thinking.classList.contains('live')) thoughts.scrollTop = thoughts.scrollHeight;
    answer.innerHTML = renderMarkdown(content);
  };
  const schedule = () => {
    if (!scheduled) {
      scheduled = true;
      requestAnimationFrame(paint);
    }
  };
  const fold = (ms) => {
    summary.textContent = ms === undefined ? 'Thoughts' : `Thought for ${Math.max(1, Math.round(ms / 1000))} s`;
    thinking.open = false;
    thinking.classList.remove('live');
  };
  return {
    node,
    get content() { return content; },
    /** A stored answer. */
    show(storedReasoning, storedContent, thoughtMs) {
      reasoning = storedReasoning ?? '';
      content = storedContent ?? '';
      paint();
      fold(thoughtMs);
    },
    startThinking() {
      thinking.open = true;
      thinking.classList.add('live');
    },
    addReasoning(text) {
      reasoning += text;
      schedule();
    },
    addContent(text) {
      content += text;
      schedule();
    },
    fold,
    /** The numbers line (the server's stats, null when the stream was cut) and the actions; `note`: why it ended early. */
    finish(stats, note, isLast) {
      paint();
      footer.replaceChildren();
      footer.append(el('span', 'stats', statsLine(stats, note)), copyButton(() => content));
      if (isLast) {
        const again = el('button', 'regenerate', 'Regenerate');
        again.type = 'button';
        again.onclick = () => regenerate().catch(report);
        footer.append(again);
      }
    },
  };
}

// ---------------------------------------------------------------- sending

function settingsBody() {
  const body = {};
  for (const input of $('settings').elements) {
    if (input.value === '' || !input.name) continue;
    body[input.name] = input.type === 'number' ? Number(input.value) : input.value;
  }
  return body;
}

/** Shows what each empty field means on this server, from the model card's `defaults`. */
async function showModelDefaults() {
  const defaults = (await api.models()).data[0]?.defaults;
  if (!defaults) return;
  const field = (name) => $('settings').elements.namedItem(name);
  field('top_p').placeholder = String(defaults.top_p);
  field('max_tokens').placeholder = String(defaults.max_tokens);
  field('reasoning_budget').placeholder = defaults.reasoning_budget < 0 ? 'no limit' : String(defaults.reasoning_budget);
  const p = defaults.presets;
  field('temperature').placeholder = `preset (${p.default.temperature})`;
  $('preset-temperatures').textContent = `reasoning ${p.reasoning.temperature}, creative ${p.creative.temperature},`
    + ` general ${p.default.temperature}`;
}

function showSettings(values) {
  for (const input of $('settings').elements) input.value = values[input.name] ?? '';
}

function saveSettings() {
  const values = settingsBody();
  if (state.current) local.saveSettings(state.current.id, values);
  else state.pendingSettings = values;
}

function setBusy(busy) {
  $('send').hidden = busy;
  $('stop').hidden = !busy;
  document.body.classList.toggle('busy', busy);
}

async function send(text) {
  if (state.streaming || text.trim() === '') return;
  if (!state.current) {
    const created = await api.create({ title: text.trim().replace(/\s+/g, ' ').slice(0, 80) });
    state.current = { id: created.id, title: titleOf(created), metadata: created.metadata, messages: [] };
    local.saveSettings(created.id, state.pendingSettings);
    location.hash = created.id;
    renderConversation();
    loadList().catch(report);
  }
  const conversation = state.current;
  const turn = (conversation.messages.at(-1)?.turn ?? 0) + 1;
  const user = { role: 'user', content: text, turn, complete: true };
  conversation.messages.push(user);
  $('messages').querySelector('.empty')?.remove();
  $('messages').querySelectorAll('.regenerate').forEach((b) => b.remove());
  $('messages').append(userView(user));
  let view = assistantView();
  $('messages').append(view.node);
  const toolStep = liveToolSteps($('messages'));
  const controller = new AbortController();
  state.streaming = { controller };
  setBusy(true);
  status('');

  let started = performance.now();
  let thoughtMs;
  let result = null;
  const follow = () => { $('messages').scrollTop = $('messages').scrollHeight; };
  let nextTurn = false;
  /** After a tool step, the first text of the next model turn opens a new answer below the cards. */
  const nextAnswer = () => {
    if (!nextTurn) return;
    nextTurn = false;
    view = assistantView();
    $('messages').append(view.node);
    thoughtMs = undefined;
    started = performance.now();
  };
  try {
    await api.send(conversation.id, { content: text, ...settingsBody(), ...toolsBody() }, (event) => {
      if (event.object === 'conversation.message.delta') {
        nextAnswer();
        if (event.delta.reasoning_content) {
          if (thoughtMs === undefined && !view.node.querySelector('.thinking.live')) view.startThinking();
          view.addReasoning(event.delta.reasoning_content);
        }
        if (event.delta.content) {
          if (thoughtMs === undefined) {
            thoughtMs = performance.now() - started;
            view.fold(thoughtMs);
          }
          view.addContent(event.delta.content);
        }
        follow();
      } else if (isToolEvent(event)) {
        if (toolStep(event)) {
          // The model turn that made these calls ended; the next turn's text goes below their cards.
          view.fold(thoughtMs ?? performance.now() - started);
          nextTurn = true;
        }
        follow();
      } else if (event.object === 'conversation.turn') {
        result = event;
      }
    }, controller.signal);
  } catch (error) {
    if (error.name !== 'AbortError') report(error);
  } finally {
    state.streaming = null;
    setBusy(false);
  }
  nextAnswer();
  // The server's numbers replace the page's estimate; a stopped stream has none (a reload shows the stored ones).
  const reply = result?.reply ?? null;
  const stats = reply?.stats ?? null;
  if (thoughtMs === undefined) thoughtMs = performance.now() - started;
  view.fold(stats ? stats.thinking_ms ?? undefined : thoughtMs);
  const note = controller.signal.aborted ? 'stopped' : endNote(reply?.finish_reason);
  view.finish(stats, note, true);
  const stored = { role: 'assistant', content: view.content, turn, complete: result !== null,
    finish_reason: reply?.finish_reason ?? 'cancelled', stats };
  // With tool steps the stored messages are more than one reply: take the server's.
  if (result?.tool_steps?.length && result.state?.messages) conversation.messages = result.state.messages;
  else conversation.messages.push(stored);
  follow();
  if (controller.signal.aborted) showStoredStats(conversation, stored, view).catch(report);
}

/**
 * A stopped answer's numbers: the stream closed before the server sent them, but it stores the cut-short reply
 * with its stats within a step or two, so they are read back from the log.
 */
async function showStoredStats(conversation, shown, view) {
  for (let attempt = 0; attempt < 5; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    const messages = (await api.get(conversation.id)).state?.messages ?? [];
    const last = messages.at(-1);
    if (last?.role === 'assistant' && last.turn === shown.turn && last.stats) {
      shown.stats = last.stats;
      if (state.current === conversation && !state.streaming) {
        view.fold(last.stats.thinking_ms ?? undefined);
        view.finish(last.stats, 'stopped', conversation.messages.at(-1) === shown);
      }
      return;
    }
  }
}

/** Closes the stream; the server sees the client gone and cancels the decoding at once. */
function stop() {
  state.streaming?.controller.abort();
}

/** Answers the last question again: rewinds the conversation to before it, then sends it anew. */
async function regenerate() {
  const c = state.current;
  const user = c?.messages.findLast((m) => m.role === 'user');
  if (!user || state.streaming) return;
  await resendFrom(user.turn, user.content);
}

function editMessage(node, message) {
  if (state.streaming) return;
  const editor = el('textarea', 'editor');
  editor.value = message.content;
  editor.rows = Math.min(10, message.content.split('\n').length + 1);
  const save = el('button', null, 'Send');
  save.type = 'button';
  const cancel = el('button', null, 'Cancel');
  cancel.type = 'button';
  node.replaceChildren(editor, save, cancel);
  editor.focus();
  cancel.onclick = () => renderConversation();
  save.onclick = () => resendFrom(message.turn, editor.value).catch(report);
}

/** Drops turn `turn` and everything after it, then sends `text` as that turn. */
async function resendFrom(turn, text) {
  const c = state.current;
  const rewound = await api.rewind(c.id, turn - 1);
  c.messages = rewound.messages;
  renderConversation();
  await send(text);
}

// ---------------------------------------------------------------- conversation actions

async function renameCurrent() {
  const title = prompt('Name of this conversation', state.current.title);
  if (title === null || title.trim() === '') return;
  const updated = await api.updateMetadata(state.current.id, { ...state.current.metadata, title: title.trim() });
  state.current.metadata = updated.metadata;
  state.current.title = titleOf(updated);
  $('chat-title').textContent = state.current.title;
  await loadList();
}

async function deleteCurrent() {
  if (!confirm(`Delete "${state.current.title}"? This cannot be undone.`)) return;
  await api.remove(state.current.id);
  local.forget(state.current.id);
  newChat();
  await loadList();
}

async function exportCurrent(format) {
  const c = await api.get(state.current.id);
  if (format === 'md') exportMarkdown(titleOf(c), c.state.messages);
  else exportJson(titleOf(c), c, (await api.events(c.id)).data);
}

// ---------------------------------------------------------------- wiring

function wire() {
  $('new-chat').onclick = newChat;
  $('search').oninput = renderList;
  $('open-sidebar').onclick = (e) => {
    e.stopPropagation();
    document.body.classList.add('sidebar-open');
  };
  // On a phone the list lies over the chat: a tap beside it closes it, as on any drawer.
  $('chat').addEventListener('click', (e) => {
    if (document.body.classList.contains('sidebar-open')) {
      e.preventDefault();
      e.stopPropagation();  // the tap only closes the list; it does not press what lies under it
      closeSidebarOnPhone();
    }
  }, true);
  // The keyboard hints mean nothing on a touch screen and would not fit its width.
  const narrow = matchMedia('(max-width: 720px)');
  const placeholder = () => {
    $('prompt').placeholder = narrow.matches ? 'Message' : 'Message (Enter sends, Shift+Enter for a new line, Esc stops)';
  };
  narrow.addEventListener('change', placeholder);
  placeholder();
  $('close-sidebar').onclick = closeSidebarOnPhone;
  $('rename').onclick = () => renameCurrent().catch(report);
  $('delete').onclick = () => deleteCurrent().catch(report);
  $('export-md').onclick = () => exportCurrent('md').catch(report);
  $('export-json').onclick = () => exportCurrent('json').catch(report);
  $('settings-toggle').onclick = () => {
    const settings = $('settings');
    settings.hidden = !settings.hidden;
    $('settings-toggle').setAttribute('aria-expanded', String(!settings.hidden));
  };
  $('settings').oninput = saveSettings;
  $('settings').onsubmit = (e) => e.preventDefault();
  $('stop').onclick = stop;
  const submit = () => {
    const text = $('prompt').value;
    if (text.trim() === '' || state.streaming) return;
    $('prompt').value = '';
    send(text).catch(report);
  };
  $('composer').onsubmit = (e) => {
    e.preventDefault();
    submit();
  };
  $('prompt').addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      submit();
    }
  });
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && state.streaming) {
      e.preventDefault();
      stop();
    }
  });
}

/** The conversation the address names (`#conv_…`), so a reload or a shared link reopens it; null for none. */
function conversationInAddress() {
  const id = decodeURIComponent(location.hash.slice(1));
  return id === '' ? null : id;
}

/** Opens the conversation the address names; one that is gone (deleted elsewhere) leaves a new chat and a note. */
async function openFromAddress() {
  const id = conversationInAddress();
  if (id === null || id === state.current?.id) return;
  try {
    await openConversation(id);
  } catch (error) {
    newChat();
    report(error);
  }
}

async function start() {
  wire();
  // Read before newChat(), which clears the address: a reload must come back to the open conversation.
  const wanted = conversationInAddress();
  newChat();
  if (wanted !== null) history.replaceState(null, '', `#${encodeURIComponent(wanted)}`);
  try {
    await loadTools();
    await loadList();
    await openFromAddress();
    await showModelDefaults();
  } catch (error) {
    report(error);
  }
  // Back and forward move between the conversations opened in this tab.
  window.addEventListener('hashchange', () => {
    if (conversationInAddress() === null) {
      if (state.current) newChat();
    } else {
      openFromAddress();
    }
  });
  document.body.dataset.ready = 'true';
}

start();
