// The server's /v1/conversations API as the page uses it: every call sends the API key (when the user gave one),
// and a 401 asks for the key once, then retries.

const KEY_ITEM = 'r1j.apiKey';

/** An error the API reported, with its OpenAI-style message. */
export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

let askForKey = async () => { throw new ApiError(401, 'an API key is needed'); };

/** How the page asks the user for a key: a function resolving to the typed key. */
export function onKeyNeeded(prompt) {
  askForKey = prompt;
}

function headers(json) {
  const h = {};
  const key = sessionStorage.getItem(KEY_ITEM);
  if (key) h.Authorization = `Bearer ${key}`;
  if (json) h['Content-Type'] = 'application/json';
  return h;
}

async function errorOf(response) {
  try {
    const body = await response.json();
    return new ApiError(response.status, body.error?.message ?? response.statusText);
  } catch {
    return new ApiError(response.status, `${response.status} ${response.statusText}`);
  }
}

/** fetch with the key; on 401 asks for a key, stores it for this tab and tries again. */
async function call(path, options = {}, body) {
  for (;;) {
    const response = await fetch(path, {
      ...options,
      headers: headers(body !== undefined),
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (response.status !== 401) {
      if (!response.ok) throw await errorOf(response);
      return response;
    }
    const error = await errorOf(response);
    const hadKey = sessionStorage.getItem(KEY_ITEM) !== null;
    sessionStorage.setItem(KEY_ITEM, await askForKey(hadKey ? error.message : null));
  }
}

async function json(path, options, body) {
  return (await call(path, options, body)).json();
}

export const api = {
  /** The served model's card; its `defaults` say what empty settings mean. */
  models: () => json('v1/models'),
  list: () => json('v1/conversations?limit=100'),
  create: (metadata) => json('v1/conversations', { method: 'POST' }, { metadata }),
  get: (id) => json(`v1/conversations/${encodeURIComponent(id)}`),
  events: (id) => json(`v1/conversations/${encodeURIComponent(id)}/events`),
  remove: (id) => json(`v1/conversations/${encodeURIComponent(id)}`, { method: 'DELETE' }),
  /** Replaces the metadata whole (OpenAI's conversation update): pass every key to keep. */
  updateMetadata: (id, metadata) => json(`v1/conversations/${encodeURIComponent(id)}`, { method: 'POST' },
    { metadata }),
  /** The server's agent tools (empty without --tools). */
  tools: () => json('v1/tools'),
  rewind: (id, turn) => json(`v1/conversations/${encodeURIComponent(id)}/rewind`, { method: 'POST' }, { turn }),

  /**
   * Sends a message and streams the answer: onEvent gets each SSE event's JSON (deltas, state changes, then the
   * turn). Aborting `signal` closes the stream, which makes the server cancel the decoding.
   */
  async send(id, body, onEvent, signal) {
    const response = await call(`v1/conversations/${encodeURIComponent(id)}/messages`,
      { method: 'POST', signal }, { ...body, stream: true });
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += value;
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const frame = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        for (const line of frame.split('\n')) {
          if (!line.startsWith('data: ')) continue;  // comments (keep-alives) and other fields
          const data = line.slice('data: '.length);
          if (data === '[DONE]') return;
          const event = JSON.parse(data);
          if (event.error) throw new ApiError(500, event.error.message);
          onEvent(event);
        }
      }
    }
  },
};
