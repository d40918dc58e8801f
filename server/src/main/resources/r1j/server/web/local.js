// What the page keeps in this browser beside the server's conversation log: each conversation's settings (the log
// stores each reply's numbers, but not the form the user is filling in).

const SETTINGS = 'r1j.settings.';

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
  forget(conversationId) {
    localStorage.removeItem(SETTINGS + conversationId);
  },
};
