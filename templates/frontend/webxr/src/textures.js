// Textures drawn on a canvas at load time: nothing to download, nothing copied.
import * as THREE from "three";

function seeded(seed) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296);
}

function canvasTexture(size, draw, repeat) {
  const canvas = document.createElement("canvas");
  canvas.width = canvas.height = size;
  draw(canvas.getContext("2d"), size);
  const texture = new THREE.CanvasTexture(canvas);
  texture.colorSpace = THREE.SRGBColorSpace;
  texture.wrapS = texture.wrapT = THREE.RepeatWrapping;
  texture.repeat.set(repeat, repeat);
  return texture;
}

// Square paving slabs of slightly different shades, with grout lines between them.
export function pavingTexture(repeat) {
  const random = seeded(7);
  return canvasTexture(256, (g, size) => {
    g.fillStyle = "#9c8c74";
    g.fillRect(0, 0, size, size);
    const n = 4, cell = size / n;
    for (let y = 0; y < n; y++) {
      for (let x = 0; x < n; x++) {
        const shade = 200 + Math.floor(random() * 28);
        g.fillStyle = `rgb(${shade + 14}, ${shade + 2}, ${shade - 22})`;
        g.fillRect(x * cell + 2, y * cell + 2, cell - 4, cell - 4);
        for (let i = 0; i < 40; i++) {
          g.fillStyle = `rgba(90, 70, 50, ${random() * 0.08})`;
          g.fillRect(x * cell + random() * cell, y * cell + random() * cell, 3, 3);
        }
      }
    }
  }, repeat);
}

// Grass: a green base with short strokes of lighter and darker blades.
export function grassTexture(repeat) {
  const random = seeded(11);
  return canvasTexture(256, (g, size) => {
    g.fillStyle = "#6f8f4e";
    g.fillRect(0, 0, size, size);
    for (let i = 0; i < 2500; i++) {
      const light = random() > 0.5;
      g.strokeStyle = light ? `rgba(170, 200, 110, ${0.25 + random() * 0.3})` : `rgba(50, 80, 35, ${0.2 + random() * 0.3})`;
      const x = random() * size, y = random() * size;
      g.beginPath();
      g.moveTo(x, y);
      g.lineTo(x + (random() - 0.5) * 3, y - 2 - random() * 4);
      g.stroke();
    }
  }, repeat);
}
