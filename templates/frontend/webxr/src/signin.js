// Sign in with the stage's user pool (Cognito's hosted UI, or `wrapper dev`'s local stand-in at
// the same paths): the authorization code flow with PKCE (S256, Web Crypto), no client secret.
// Tokens stay in sessionStorage (this tab only); the ID token goes to the room connection.
const KEY = "wrapper.signin";
const SCOPES = "openid email profile";

function base64url(bytes) {
  return btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function randomText(size = 32) {
  return base64url(crypto.getRandomValues(new Uint8Array(size)));
}

async function challengeOf(verifier) {
  return base64url(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier)));
}

function claimsOf(token) {
  const part = token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
  return JSON.parse(decodeURIComponent(escape(atob(part))));
}

// Sign-in returns to the page's root (the callback URL registered with the pool); the room and
// name in the URL before sign-in are restored afterwards.
function returnUrl(location) {
  return `${location.origin}/`;
}

function load() {
  try {
    return JSON.parse(sessionStorage.getItem(KEY) || "{}");
  } catch {
    return {};
  }
}

function save(data) {
  sessionStorage.setItem(KEY, JSON.stringify(data));
}

async function requestTokens(auth, form) {
  const response = await fetch(auth.tokenUrl, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ client_id: auth.clientId, ...form }),
  });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(`sign-in refused: ${body.error_description || body.error || response.status}`);
  return body;
}

export class SignIn {
  constructor(auth, location = window.location, history = window.history) {
    this.auth = auth; // from wrapper-config.json: clientId, authorizeUrl, tokenUrl, logoutUrl
    this.location = location;
    this.history = history;
    this.session = load();
  }

  get signedIn() {
    return Boolean(this.session.idToken) && claimsOf(this.session.idToken).exp * 1000 > Date.now();
  }

  get username() {
    if (!this.session.idToken) return "";
    const claims = claimsOf(this.session.idToken);
    return claims["cognito:username"] || "";
  }

  get idToken() {
    return this.signedIn ? this.session.idToken : "";
  }

  get accessToken() {
    return this.signedIn ? this.session.accessToken : "";
  }

  // After the pool sends the browser back with ?code=&state=: trade the code for tokens, restore the URL.
  // An expired sign-in is renewed with the refresh token. Returns whether the player is signed in.
  async resume() {
    const params = new URLSearchParams(this.location.search);
    const code = params.get("code");
    const pending = this.session.pending;
    if (code && pending && params.get("state") === pending.state) {
      const tokens = await requestTokens(this.auth, {
        grant_type: "authorization_code",
        code,
        redirect_uri: returnUrl(this.location),
        code_verifier: pending.verifier,
      });
      this.session = { idToken: tokens.id_token, accessToken: tokens.access_token, refreshToken: tokens.refresh_token };
      save(this.session);
      this.history.replaceState(null, "", `${returnUrl(this.location)}${pending.search || ""}`);
    } else if (params.get("error")) {
      this.history.replaceState(null, "", `${returnUrl(this.location)}${(pending && pending.search) || ""}`);
    } else if (this.session.refreshToken && !this.signedIn) {
      try {
        const tokens = await requestTokens(this.auth, { grant_type: "refresh_token", refresh_token: this.session.refreshToken });
        this.session = { ...this.session, idToken: tokens.id_token, accessToken: tokens.access_token };
        save(this.session);
      } catch {
        this.session = {};
        save(this.session);
      }
    }
    return this.signedIn;
  }

  async start() {
    const verifier = randomText(48);
    const state = randomText(16);
    save({ pending: { verifier, state, search: this.location.search } });
    const query = new URLSearchParams({
      response_type: "code",
      client_id: this.auth.clientId,
      redirect_uri: returnUrl(this.location),
      scope: SCOPES,
      state,
      code_challenge: await challengeOf(verifier),
      code_challenge_method: "S256",
    });
    this.location.assign(`${this.auth.authorizeUrl}?${query}`);
  }

  signOut() {
    save({});
    const query = new URLSearchParams({ client_id: this.auth.clientId, logout_uri: returnUrl(this.location) });
    this.location.assign(`${this.auth.logoutUrl}?${query}`);
  }
}

// The signed-in player's profile through the HTTP API's profile route (functions/me.py), when the
// stage serves it: the API's JWT authorizer checks the access token before the function runs.
export async function profileRequest(httpUrl, account, method = "GET", profile = undefined) {
  if (!httpUrl || !account || !account.signedIn) return null;
  const response = await fetch(`${httpUrl}/me`, {
    method,
    headers: { Authorization: `Bearer ${account.accessToken}`, "Content-Type": "application/json" },
    body: profile ? JSON.stringify(profile) : undefined,
  });
  return response.ok ? response.json() : null;
}
