// A name tag: a sprite (so it always faces the viewer) with the player's colour as a dot.
import * as THREE from "three";

const WIDTH = 512, HEIGHT = 128;

function roundedRect(g, x, y, w, h, r) {
  g.beginPath();
  g.moveTo(x + r, y);
  g.arcTo(x + w, y, x + w, y + h, r);
  g.arcTo(x + w, y + h, x, y + h, r);
  g.arcTo(x, y + h, x, y, r);
  g.arcTo(x, y, x + w, y, r);
  g.closePath();
}

export function nameTag(text, colour) {
  const canvas = document.createElement("canvas");
  canvas.width = WIDTH;
  canvas.height = HEIGHT;
  const g = canvas.getContext("2d");
  const name = String(text).slice(0, 20);
  g.font = "600 52px system-ui, -apple-system, 'Segoe UI', sans-serif";
  const textWidth = Math.min(g.measureText(name).width, WIDTH - 120);
  const w = textWidth + 110, x = (WIDTH - w) / 2;
  g.fillStyle = "rgba(20, 24, 32, 0.78)";
  roundedRect(g, x, 14, w, HEIGHT - 28, 50);
  g.fill();
  g.fillStyle = `#${colour.getHexString()}`;
  g.beginPath();
  g.arc(x + 46, HEIGHT / 2, 16, 0, Math.PI * 2);
  g.fill();
  g.fillStyle = "#ffffff";
  g.textBaseline = "middle";
  g.fillText(name, x + 76, HEIGHT / 2 + 2, WIDTH - 120);
  const map = new THREE.CanvasTexture(canvas);
  map.colorSpace = THREE.SRGBColorSpace;
  const sprite = new THREE.Sprite(new THREE.SpriteMaterial({ map, depthTest: false, transparent: true }));
  sprite.scale.set(0.88, 0.22, 1);
  sprite.renderOrder = 10; // drawn last, over everything, so a name is never hidden by a prop
  sprite.name = "name-tag";
  return sprite;
}
