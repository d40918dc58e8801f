// What the page keeps in this browser beside the server's conversation log: each conversation's settings, and each
// answer's thinking time and speed (the log stores text, not timings), keyed by conversation and turn.

const SETTINGS = 'r1j.settings.';
const STATS = 'r1j.stats.';

function read(key) {
  try {
    return JSON.parse(localStorage.getItem(key)) ?? {};
  } catch {
    return {};
  }
}

export const local = {
  settings: (conversationId) => read(SETTINGS + conversationId),
  saveSettings(conversationId, settings) {
    localStorage.setItem(SETTINGS + conversationId, JSON.stringify(settings));
  },
  /** {turn: {thought_ms, tokens_per_s, usage, note}} (note: why it ended early) */
  stats: (conversationId) => read(STATS + conversationId),
  saveStats(conversationId, turn, stats) {
    const all = read(STATS + conversationId);
    all[turn] = stats;
    localStorage.setItem(STATS + conversationId, JSON.stringify(all));
  },
  forget(conversationId) {
    localStorage.removeItem(SETTINGS + conversationId);
    localStorage.removeItem(STATS + conversationId);
  },
};
