// The room connection: hello/welcome, join/leave, snapshots or relayed poses, errors, and
// reconnecting with exponential backoff (then rejoining the same room) after a drop.
import { connectUrl } from "./config.js";

const HEARTBEAT_MS = 1000; // a still player still sends, so snapshot ticks keep flowing
const MIN_MOVE = 0.01; // metres
const MIN_TURN = 0.002; // quaternion components
const PAGE_MAX_RATE = 20; // poses per second at most, whatever the server allows
const TRAILING_TICKS = 1.2; // the trailing send follows the last moving pose by this many tick periods

export class RoomConnection {
  constructor(config, handlers) {
    this.config = config;
    this.handlers = handlers; // {onState, onWelcome, onJoin, onLeave, onPose, onObject, onObjects, onError, onServerError}
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
    this.clockOffset = Infinity; // local performance.now() minus server time, at its smallest so far
    this.received = []; // arrival times of pose updates, for the measured rate
    this.open();
  }

  setState(state) {
    this.state = state;
    this.handlers.onState(state);
  }

  open() {
    // A signed-in player's token travels as a subprotocol (browsers cannot set headers on a
    // WebSocket); $connect verifies it and echoes "wrapper-jwt" back.
    const token = this.config.idToken ? this.config.idToken() : "";
    const ws = token ? new WebSocket(connectUrl(this.config), ["wrapper-jwt", token]) : new WebSocket(connectUrl(this.config));
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
        // Never send faster than the server accepts, and no faster than the page needs: in snapshot
        // mode only the latest pose of each tick reaches anyone, so poses beyond the tick rate are paid for and dropped.
        this.maxRate = Math.min(message.maxPoseRate || 10, PAGE_MAX_RATE, message.fanout === "snapshot" ? message.tickHz || 10 : Infinity);
        this.trailingMs = message.fanout === "snapshot" ? (TRAILING_TICKS * 1000) / (message.tickHz || 10) : 0;
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
        this.learnClock(message.t);
        for (const player of message.players) {
          if (player.id !== this.id && player.pose) this.handlers.onPose(player.id, player.pose, player.seq, this.localTime(player.t));
        }
        if (message.objects && message.objects.length) this.handlers.onObjects(message.objects, (t) => this.localTime(t));
        break;
      case "spawn":
      case "grab":
      case "drop":
        this.handlers.onObject(message, performance.now());
        break;
      case "move":
        this.learnClock(message.t);
        this.handlers.onObject(message, this.localTime(message.t));
        break;
      case "pose":
        this.countUpdate();
        this.learnClock(message.t);
        this.handlers.onPose(message.id, message.pose, message.seq, this.localTime(message.t));
        break;
      case "error":
        this.handlers.onError(message);
        // The server no longer holds this connection in a room (its row expired or was pruned): a
        // new connection joins again, through the same backoff as after a drop.
        if (message.code === "not_joined") this.ws.close();
        break;
      default:
        // API Gateway's answer when a handler raised: the socket stays open, but the message was lost.
        if (message.message === "Internal server error") this.handlers.onServerError(message);
        break;
    }
  }

  // Poses are drawn at the moment the server stored them (mapped onto this page's clock), not when they
  // arrive: a pose that waited for the room's next tick is not drawn late, so motion keeps its speed.
  learnClock(serverMs) {
    if (typeof serverMs === "number") this.clockOffset = Math.min(this.clockOffset, performance.now() - serverMs);
  }

  localTime(serverMs) {
    return typeof serverMs === "number" && serverMs > 0 && Number.isFinite(this.clockOffset) ? serverMs + this.clockOffset : performance.now();
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

  // Any other message (the shared objects' spawn, grab, drop), while the room is open.
  send(message) {
    if (this.state !== "open" || this.ws.readyState !== WebSocket.OPEN) return false;
    this.ws.send(JSON.stringify(message));
    return true;
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
    // A heartbeat says "still here, still there": the server keeps the player without starting a tick for it.
    const still = !moved && !trailing;
    this.ws.send(JSON.stringify({ action: "pose", seq: this.seq, ...pose, ...(still ? { still: true } : {}) }));
    this.settled = !moved;
    this.lastSent = pose;
    this.lastSentAt = now;
    return true;
  }
}

function changed(a, b) {
  // A held object (docs/protocol.md) rides with the pose: its moves count as the pose's.
  if ((a.held && a.held.id) !== (b.held && b.held.id)) return true;
  if (a.held && b.held && moved(a.held.at, b.held.at)) return true;
  for (const part of ["head", "left", "right"]) {
    if (!a[part] !== !b[part]) return true;
    if (a[part] && moved(a[part], b[part])) return true;
  }
  return false;
}

function moved(a, b) {
  for (let i = 0; i < 3; i++) if (Math.abs(a.p[i] - b.p[i]) > MIN_MOVE) return true;
  for (let i = 0; i < 4; i++) if (Math.abs(a.q[i] - b.q[i]) > MIN_TURN) return true;
  return false;
}
