// The heads-up display: connection state, room, players and update rate, a hint that matches the
// device, and (under `wrapper dev` only) the latest handler error with a pointer to the terminal.
const ERROR_HOLD_MS = 5000; // "server error" stays this long after the last failure
const STATE_TEXT = { open: "open", connecting: "connecting", reconnecting: "reconnecting", closed: "closed", "server-error": "server error" };

export class Hud {
  constructor(document, touch) {
    const $ = (id) => document.getElementById(id);
    this.el = { state: $("state"), room: $("room"), count: $("count"), rate: $("rate"), hint: $("hint"), you: $("you"), error: $("dev-error") };
    this.connection = "connecting";
    this.failing = false; // `wrapper dev` reports a handler still failing
    this.lastServerError = -Infinity; // when the gateway last answered "Internal server error"
    this.shown = "";
    this.el.hint.textContent = touch ? "Left thumb: move · drag anywhere: look around" : "WASD or arrows: move · drag: look around";
    document.body.classList.toggle("touch", touch);
  }

  room(name) {
    this.el.room.textContent = name;
  }

  you(name, colour) {
    this.el.you.textContent = name || "you";
    this.el.you.style.setProperty("--player", `#${colour.getHexString()}`);
  }

  // A failing handler outranks a healthy socket: "open" would hide that nothing works.
  state(connection) {
    this.connection = connection;
    this.render();
  }

  serverError(now = performance.now()) {
    this.lastServerError = now;
    this.render();
  }

  render(now = performance.now()) {
    const failing = this.failing || now - this.lastServerError < ERROR_HOLD_MS;
    const state = failing && this.connection === "open" ? "server-error" : this.connection;
    if (state === this.shown) return;
    this.shown = state;
    this.el.state.textContent = STATE_TEXT[state] || state;
    this.el.state.className = `state ${state}`;
  }

  stats(players, rate) {
    this.render();
    this.el.count.textContent = String(players);
    this.el.rate.textContent = String(rate);
  }

  // errors: what `wrapper dev` reports at /_wrapper/errors; the newest one still recurring is shown.
  handlerErrors(errors) {
    const recent = errors.filter((e) => e.secondsAgo * 1000 < ERROR_HOLD_MS).sort((a, b) => a.secondsAgo - b.secondsAgo);
    this.failing = recent.length > 0;
    if (this.failing) {
      const e = recent[0];
      const times = e.count > 1 ? ` (×${e.count})` : "";
      this.el.error.querySelector(".what").textContent = `${e.function} handler raised ${e.error}${times}`;
      this.el.error.hidden = false;
    } else {
      this.el.error.hidden = true;
    }
    this.render();
  }
}

// Under `wrapper dev` the page asks the dev server for handler errors; a deployed page never does.
export function watchHandlerErrors(config, hud, everyMs = 1000) {
  if (!config.devErrors) return;
  const poll = async () => {
    try {
      const response = await fetch(config.devErrors, { cache: "no-store" });
      if (response.ok) hud.handlerErrors((await response.json()).errors || []);
    } catch {
      // wrapper dev is restarting: the socket's own state already says so
    }
    setTimeout(poll, everyMs);
  };
  poll();
}
