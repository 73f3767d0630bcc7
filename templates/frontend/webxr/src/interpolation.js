// Smooth remote motion: keep a short buffer of received poses and render a little in the past,
// blending between the two poses around that moment (positions lerped, rotations slerped).
import * as THREE from "three";

export const RENDER_DELAY_MS = 150;
const KEEP = 12;

export class PoseBuffer {
  constructor() {
    this.samples = []; // [{at, pose}] in arrival order
  }

  // ``at``: when the pose was true, on this page's clock. A snapshot repeats a still player's pose with
  // the same time, and an older one may arrive late: neither adds a sample.
  push(pose, at = performance.now()) {
    const last = this.samples[this.samples.length - 1];
    if (last && at <= last.at) return;
    this.samples.push({ at, pose });
    if (this.samples.length > KEEP) this.samples.shift();
  }

  latest() {
    return this.samples.length ? this.samples[this.samples.length - 1].pose : null;
  }

  // The pose to draw at time `now`: interpolated at now - RENDER_DELAY_MS, clamped to the ends.
  sample(now = performance.now()) {
    const s = this.samples;
    if (!s.length) return null;
    const t = now - RENDER_DELAY_MS;
    if (t <= s[0].at) return s[0].pose;
    for (let i = s.length - 1; i > 0; i--) {
      if (s[i - 1].at <= t) {
        const a = s[i - 1], b = s[i];
        const k = b.at > a.at ? Math.min(1, (t - a.at) / (b.at - a.at)) : 1;
        return blend(a.pose, b.pose, k);
      }
    }
    return s[s.length - 1].pose;
  }
}

const qa = new THREE.Quaternion(), qb = new THREE.Quaternion();

function blendPart(a, b, k) {
  if (!a) return b;
  if (!b) return a;
  qa.fromArray(a.q);
  qb.fromArray(b.q);
  qa.slerp(qb, k);
  return { p: a.p.map((v, i) => v + (b.p[i] - v) * k), q: qa.toArray() };
}

export function blend(a, b, k) {
  const out = {};
  for (const part of ["head", "left", "right"]) {
    const mixed = blendPart(a[part], b[part], k);
    if (mixed) out[part] = mixed;
  }
  return out;
}
