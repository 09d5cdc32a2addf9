/**
 * The conversation this browser is in, kept in localStorage so that a reload (or a crashed tab) resumes it.
 * The token proves the conversation is ours; the server refuses a resume without it.
 */

const STORAGE_KEY = "shop-assistant.conversation";

/** @returns {{conversation_id: string, token: string} | null} */
export function loadConversation() {
  try {
    const saved = JSON.parse(window.localStorage.getItem(STORAGE_KEY) ?? "null");
    if (saved && typeof saved.conversation_id === "string" && typeof saved.token === "string") return saved;
  } catch {
    // Storage disabled or a corrupt entry: start a fresh conversation rather than fail.
  }
  return null;
}

export function saveConversation(conversationId, token) {
  try {
    window.localStorage.setItem(STORAGE_KEY, JSON.stringify({ conversation_id: conversationId, token }));
  } catch {
    // Private mode without storage: the conversation works, it just does not survive a reload.
  }
}

export function forgetConversation() {
  try {
    window.localStorage.removeItem(STORAGE_KEY);
  } catch {
    // Nothing stored, nothing to forget.
  }
}
