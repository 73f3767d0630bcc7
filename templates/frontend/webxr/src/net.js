// The room connection: hello/welcome, join/leave, snapshots or relayed poses, errors, and
// reconnecting with exponential backoff (then rejoining the same room) after a drop.
import { connectUrl } from "./config.js";

const HEARTBEAT_MS = 1000; // a still player still sends, so snapshot ticks keep flowing
const MIN_MOVE = 0.01; // metres
const MIN_TURN = 0.002; // quaternion components

export class RoomConnection {
  constructor(config, handlers) {
    this.config = config;
    this.handlers = handlers; // {onState, onWelcome, onJoin, onLeave, onPose, onError, onServerError}
    this.state = "connecting";
    this.id = null;
    this.maxRate = 10;
    this.seq = 0;
    this.lastSent = null;
    this.lastSentAt = 0;
    this.attempt = 0;
    this.settled = true;
    this.trailingMs = 0;
    this.lastTick = -Infinity;
    this.received = []; // arrival times of pose updates, for the measured rate
    this.open();
  }

  setState(state) {
    this.state = state;
    this.handlers.onState(state);
  }

  open() {
    const ws = new WebSocket(connectUrl(this.config));
    this.ws = ws;
    ws.onopen = () => ws.send(JSON.stringify({ action: "hello" }));
    ws.onmessage = (event) => this.receive(JSON.parse(event.data));
    ws.onclose = () => {
      if (this.ws !== ws) return;
      this.id = null;
      this.setState("reconnecting");
      const delay = Math.min(10000, 250 * 2 ** this.attempt) * (0.75 + Math.random() * 0.5);
      this.attempt += 1;
      setTimeout(() => this.open(), delay);
    };
  }

  receive(message) {
    switch (message.type) {
      case "welcome":
        this.id = message.id;
        this.attempt = 0;
        // Never send faster than the server accepts, and no faster than the page needs.
        this.maxRate = Math.min(message.maxPoseRate || 10, 20);
        this.trailingMs = message.fanout === "snapshot" ? 1200 / (message.tickHz || 10) : 0;
        this.lastSent = null;
        this.lastTick = -Infinity; // a new session's room may count ticks afresh
        this.setState("open");
        this.handlers.onWelcome(message);
        break;
      case "join":
        this.handlers.onJoin(message);
        break;
      case "leave":
        this.handlers.onLeave(message);
        break;
      case "snapshot":
        // Ticks only increase (docs/protocol.md); an older snapshot arriving late must not undo a newer one.
        if (typeof message.tick === "number") {
          if (message.tick <= this.lastTick) break;
          this.lastTick = message.tick;
        }
        this.countUpdate();
        for (const player of message.players) {
          if (player.id !== this.id && player.pose) this.handlers.onPose(player.id, player.pose, player.seq);
        }
        break;
      case "pose":
        this.countUpdate();
        this.handlers.onPose(message.id, message.pose, message.seq);
        break;
      case "error":
        this.handlers.onError(message);
        break;
      default:
        // API Gateway's answer when a handler raised: the socket stays open, but the message was lost.
        if (message.message === "Internal server error") this.handlers.onServerError(message);
        break;
    }
  }

  countUpdate() {
    const now = performance.now();
    this.received.push(now);
    while (this.received.length && now - this.received[0] > 1000) this.received.shift();
  }

  updateRate() {
    const now = performance.now();
    while (this.received.length && now - this.received[0] > 1000) this.received.shift();
    return this.received.length;
  }

  // Send the local pose if it changed beyond a small threshold, or as a heartbeat; never above maxRate.
  maybeSend(pose, now = performance.now()) {
    if (this.state !== "open" || this.ws.readyState !== WebSocket.OPEN) return false;
    if (now - this.lastSentAt < 1000 / this.maxRate) return false;
    const moved = !this.lastSent || changed(this.lastSent, pose);
    // In snapshot mode a pose only goes out with the room's next tick, which the next pose triggers:
    // after stopping, send once more a little over one tick later so the final pose is not held back.
    const trailing = !moved && !this.settled && this.trailingMs > 0 && now - this.lastSentAt >= this.trailingMs;
    if (!moved && !trailing && now - this.lastSentAt < HEARTBEAT_MS) return false;
    this.seq += 1;
    this.ws.send(JSON.stringify({ action: "pose", seq: this.seq, ...pose }));
    this.settled = !moved;
    this.lastSent = pose;
    this.lastSentAt = now;
    return true;
  }
}

function changed(a, b) {
  for (const part of ["head", "left", "right"]) {
    if (!a[part] !== !b[part]) return true;
    if (!a[part]) continue;
    for (let i = 0; i < 3; i++) if (Math.abs(a[part].p[i] - b[part].p[i]) > MIN_MOVE) return true;
    for (let i = 0; i < 4; i++) if (Math.abs(a[part].q[i] - b[part].q[i]) > MIN_TURN) return true;
  }
  return false;
}
