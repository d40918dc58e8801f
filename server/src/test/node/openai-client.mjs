// The official `openai` npm package against an r1j server: chat, chat stream (reasoning_content deltas included),
// completions, the model list, and a 401 for a wrong key. Exits non-zero on the first failed check.
//
//   node openai-client.mjs BASE_URL [API_KEY] [MODEL]      e.g. node openai-client.mjs http://127.0.0.1:8000/v1 key
import OpenAI from 'openai';
import { VERSION } from 'openai/version';

const [baseURL, apiKey = 'no-key', model = 'DeepSeek-R1-Distill-Qwen-1.5B'] = process.argv.slice(2);
if (!baseURL) {
  console.error('usage: node openai-client.mjs BASE_URL [API_KEY] [MODEL]');
  process.exit(2);
}

const client = new OpenAI({ baseURL, apiKey, maxRetries: 0, timeout: 60_000 });
let checks = 0;

function check(condition, message) {
  if (!condition) throw new Error('check failed: ' + message);
  checks++;
}

const messages = [
  { role: 'system', content: 'Answer briefly.' },
  { role: 'user', content: 'What is 2+2?' },
];
// Greedy, so the streamed answer must equal the whole one.
const params = { model, messages, temperature: 0, max_tokens: 24 };

async function models() {
  const page = await client.models.list();
  const ids = page.data.map((m) => m.id);
  check(ids.includes(model), `models.list() has ${model}: ${JSON.stringify(ids)}`);
}

async function chat() {
  const completion = await client.chat.completions.create(params);
  const choice = completion.choices[0];
  check(completion.object === 'chat.completion', `object is chat.completion: ${completion.object}`);
  check(completion.model === model, `model is ${model}: ${completion.model}`);
  check(choice.message.role === 'assistant', 'the message is the assistant\'s');
  check(['stop', 'length'].includes(choice.finish_reason), `finish_reason: ${choice.finish_reason}`);
  const u = completion.usage;
  check(u.prompt_tokens > 0 && u.completion_tokens > 0 && u.completion_tokens <= 24, `usage: ${JSON.stringify(u)}`);
  check(u.total_tokens === u.prompt_tokens + u.completion_tokens, 'total_tokens adds up');
  const reasoning = choice.message.reasoning_content ?? '';
  const content = choice.message.content ?? '';
  check((reasoning + content).length > 0, 'the answer has text');
  return { reasoning, content, finish: choice.finish_reason };
}

async function chatStream(whole) {
  const stream = await client.chat.completions.create({
    ...params, stream: true, stream_options: { include_usage: true },
  });
  let reasoning = '';
  let content = '';
  let finish = null;
  let usage = null;
  let chunks = 0;
  for await (const chunk of stream) {
    chunks++;
    check(chunk.object === 'chat.completion.chunk', `object is chat.completion.chunk: ${chunk.object}`);
    if (chunk.usage) usage = chunk.usage;
    for (const c of chunk.choices) {
      reasoning += c.delta.reasoning_content ?? '';
      content += c.delta.content ?? '';
      if (c.finish_reason) finish = c.finish_reason;
    }
  }
  check(chunks > 2, `several chunks: ${chunks}`);
  check(reasoning === whole.reasoning, `streamed reasoning_content equals the whole one:\n${reasoning}\n!=\n${whole.reasoning}`);
  check(content === whole.content, `streamed content equals the whole one:\n${content}\n!=\n${whole.content}`);
  check(finish === whole.finish, `streamed finish_reason ${finish} equals ${whole.finish}`);
  check(usage && usage.completion_tokens > 0, `include_usage sends a usage chunk: ${JSON.stringify(usage)}`);
}

async function completions() {
  const completion = await client.completions.create({ model, prompt: 'The capital of France is', max_tokens: 8,
    temperature: 0 });
  check(completion.object === 'text_completion', `object is text_completion: ${completion.object}`);
  check(typeof completion.choices[0].text === 'string', 'the choice has text');
  check(completion.usage.completion_tokens >= 1 && completion.usage.completion_tokens <= 8,
    `usage: ${JSON.stringify(completion.usage)}`);
}

async function wrongKey() {
  if (apiKey === 'no-key') return;
  const intruder = new OpenAI({ baseURL, apiKey: apiKey + '-wrong', maxRetries: 0 });
  try {
    await intruder.models.list();
  } catch (e) {
    check(e instanceof OpenAI.AuthenticationError, `a wrong key is an AuthenticationError: ${e}`);
    check(e.status === 401, `a wrong key is a 401: ${e.status}`);
    return;
  }
  throw new Error('check failed: a wrong key was accepted');
}

try {
  await models();
  const whole = await chat();
  await chatStream(whole);
  await completions();
  await wrongKey();
  console.log(`openai-node ${VERSION}: ${checks} checks passed`);
} catch (e) {
  console.error(e.stack ?? String(e));
  process.exit(1);
}
