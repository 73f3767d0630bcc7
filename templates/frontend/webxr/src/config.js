// Where to connect: the WebSocket URL comes from ./wrapper-config.json (served by `wrapper dev`,
// written by `wrapper deploy` for a cloud stage); the room and name come from the page's URL.
export async function loadConfig(location = window.location) {
  const response = await fetch("./wrapper-config.json", { cache: "no-store" });
  if (!response.ok) throw new Error(`wrapper-config.json: HTTP ${response.status}`);
  const config = await response.json();
  const params = new URLSearchParams(location.search);
  return {
    websocketUrl: config.websocketUrl,
    stage: config.stage,
    devErrors: config.devErrors || "", // served by `wrapper dev` only: where it reports handler errors
    room: params.get("room") || "lobby",
    name: params.get("name") || "",
    token: params.get("token") || "",
    // Player accounts ([auth] in wrapper.toml): where to sign in; absent without accounts.
    signin: config.auth && config.auth.clientId ? config.auth : null,
    httpUrl: config.httpUrl || "", // the stage's HTTP API (the profile route GET/PUT /me), when it has routes
  };
}

export function connectUrl(config) {
  const url = new URL(config.websocketUrl);
  url.searchParams.set("room", config.room);
  if (config.name) url.searchParams.set("name", config.name);
  if (config.token) url.searchParams.set("token", config.token);
  return url.toString();
}
