// Agent tools in the web chat: whether the server has any (then each message sends "tools": "auto" and the server
// runs the calls), and each call as a collapsible card (name, arguments, result, time), live while the answer streams
// and rebuilt from the stored conversation after a reload.

import { api } from './api.js';

let available = false;

/** Asks the server for its tools once; a server without them (or an older one) simply gets plain messages. */
export async function loadTools() {
  try {
    available = (await api.tools()).data.length > 0;
  } catch {
    available = false;
  }
  document.body.classList.toggle('has-tools', available);
}

/** The request fields that ask the server to run its tools, when it has some. */
export function toolsBody() {
  return available ? { tools: 'auto' } : {};
}

const node = (tag, className, text) => {
  const n = document.createElement(tag);
  if (className) n.className = className;
  if (text !== undefined) n.textContent = text;
  return n;
};

/** Arguments are JSON text as the model wrote them: indented when they read, as written when not. */
function pretty(json) {
  try {
    return JSON.stringify(JSON.parse(json), null, 2);
  } catch {
    return json;
  }
}

/**
 * One call's card, folded: the summary says which tool, how long it took and whether it failed; opened, the
 * arguments and what the tool answered (the text the model read back).
 */
export function toolCard(name, callId, args) {
  const card = node('details', 'tool-card');
  card.dataset.tool = name;
  card.dataset.callId = callId;
  card.dataset.state = 'running';
  const summary = node('summary');
  const title = node('span', 'tool-name', `Tool: ${name}`);
  const status = node('span', 'tool-status', 'running…');
  summary.append(title, status);
  const result = node('pre', 'tool-result', '');
  card.append(summary, node('div', 'label', 'Arguments'), node('pre', 'tool-arguments', pretty(args)),
    node('div', 'label', 'Result'), result);
  return {
    node: card,
    /** The call ended: its text for the model, the error alone when it failed, and how long it took. */
    finish(content, error, durationMs) {
      result.textContent = content ?? '';
      card.dataset.state = error ? 'error' : 'ok';
      const time = durationMs === undefined || durationMs === null ? '' : `${durationMs} ms`;
      status.textContent = error ? `failed${time ? ` after ${time}` : ''}` : time;
    },
  };
}

/** A stored call and its stored result (state messages `tool_call` and `tool_result`), as after a reload. */
export function storedToolCard(call, result) {
  const card = toolCard(call.tool_name, call.tool_call_id, call.content);
  if (result) card.finish(result.content, result.error, result.duration_ms);
  else card.finish('(no result: the answer was stopped before the call ran)', 'no result');
  return card.node;
}

/** Whether a stream event is a tool step (the server's `conversation.assistant_step/tool_call/tool_result`). */
export function isToolEvent(event) {
  return event.object === 'conversation.assistant_step' || event.object === 'conversation.tool_call'
    || event.object === 'conversation.tool_result';
}

/**
 * The live cards of one streamed answer: `conversation.tool_call` adds a running card after the text so far,
 * `conversation.tool_result` finishes it. Returns true when the event ends a model turn (`assistant_step`): the
 * caller then starts a new answer view below the cards for the next turn's text.
 */
export function liveToolSteps(box) {
  const cards = new Map();
  return (event) => {
    const e = event.event;
    if (event.object === 'conversation.tool_call') {
      const card = toolCard(e.name, e.tool_call_id, e.arguments);
      cards.set(e.tool_call_id, card);
      box.append(card.node);
    } else if (event.object === 'conversation.tool_result') {
      cards.get(e.tool_call_id)?.finish(e.content, e.error, e.duration_ms);
    }
    return event.object === 'conversation.assistant_step';
  };
}
