// Colours. The scene keeps to stone, grass and sky; players get saturated colours that none of
// those use (no greens, no sand), so an avatar never blends into a prop.
import * as THREE from "three";

export const SCENE = {
  skyTop: 0x6fa8dc,
  skyHorizon: 0xf3dcc0,
  ground: 0x7d9a5b,
  stone: 0xd9cbb3,
  stoneDark: 0xa89679,
  wood: 0x8a5a36,
  leaves: [0x4f7d3a, 0x5f8f45, 0x3f6b33],
  water: 0x3f8fb0,
  metal: 0x2e3440,
  lampGlow: 0xffe2a8,
};

export const PLAYER_COLOURS = ["#ff4d6d", "#3a86ff", "#ff9f1c", "#9d4edd", "#00b4d8", "#f72585", "#ffd60a", "#5e60ce"];

// One colour per player id, the same on every page (the id is all pages share).
export function playerColour(id) {
  let hash = 2166136261;
  for (const ch of String(id)) hash = Math.imul(hash ^ ch.charCodeAt(0), 16777619) >>> 0;
  return new THREE.Color(PLAYER_COLOURS[hash % PLAYER_COLOURS.length]);
}
