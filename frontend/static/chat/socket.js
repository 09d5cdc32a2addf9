/**
 * The websocket side of the chat (protocol version 1, docs/websocket-api.md).
 *
 * The socket reconnects by itself with exponential backoff and jitter, so a server restart or a flaky phone
 * connection costs the shopper a short "Reconnecting…" and never a lost conversation: the app resumes the
 * conversation on every `session.ready`.
 */

export const PROTOCOL_VERSION = 1;

const FIRST_RETRY_MS = 500;
const LONGEST_RETRY_MS = 15_000;

/** The chat endpoint on the page's own host, ws:// or wss:// matching the page. */
export function chatSocketUrl(location) {
  const scheme = location.protocol === "https:" ? "wss:" : "ws:";
  return `${scheme}//${location.host}/ws/chat/`;
}

export class ChatSocket {
  /**
   * @param {object} options
   * @param {string} options.url
   * @param {(message: object) => void} options.onMessage  every parsed server message
   * @param {(state: "connecting"|"open"|"reconnecting", retryInMs?: number) => void} options.onState
   */
  constructor({ url, onMessage, onState }) {
    this.url = url;
    this.onMessage = onMessage;
    this.onState = onState;
    this.socket = null;
    this.failedAttempts = 0;
    this.retryTimer = null;
    window.addEventListener("online", () => this.reconnectNow());
  }

  get isOpen() {
    return this.socket !== null && this.socket.readyState === WebSocket.OPEN;
  }

  connect() {
    clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.onState("connecting");
    const socket = new WebSocket(this.url);
    this.socket = socket;
    socket.addEventListener("open", () => {
      this.failedAttempts = 0;
      this.onState("open");
    });
    socket.addEventListener("message", (event) => this.receive(event.data));
    socket.addEventListener("close", () => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.scheduleReconnect();
    });
  }

  /** Sends one message; false when the socket is not open (the caller keeps what the shopper typed). */
  send(message) {
    if (!this.isOpen) return false;
    this.socket.send(JSON.stringify(message));
    return true;
  }

  receive(data) {
    let message;
    try {
      message = JSON.parse(data);
    } catch {
      console.warn("Ignoring a server frame that is not JSON", data);
      return;
    }
    if (message && typeof message.type === "string") this.onMessage(message);
  }

  scheduleReconnect() {
    const ceiling = Math.min(LONGEST_RETRY_MS, FIRST_RETRY_MS * 2 ** this.failedAttempts);
    const delay = Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
    this.failedAttempts += 1;
    this.onState("reconnecting", delay);
    this.retryTimer = setTimeout(() => this.connect(), delay);
  }

  reconnectNow() {
    if (this.retryTimer !== null) this.connect();
  }
}
