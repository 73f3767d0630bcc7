// Props built from primitives: a fountain in the middle, benches and lamps around the plaza and a
// ring of trees on the lawn. Each returns a Group so it casts and receives shadows as one piece.
import * as THREE from "three";
import { mergeGeometries } from "three/addons/utils/BufferGeometryUtils.js";
import { SCENE } from "./palette.js";

// Matte surfaces use Lambert shading: on stone, wood and leaves it looks the same as physically based
// shading and costs a fraction of it per pixel, which phones (and software renderers) feel.
const materials = {
  stone: new THREE.MeshLambertMaterial({ color: SCENE.stone }),
  stoneDark: new THREE.MeshLambertMaterial({ color: SCENE.stoneDark }),
  wood: new THREE.MeshLambertMaterial({ color: SCENE.wood }),
  metal: new THREE.MeshStandardMaterial({ color: SCENE.metal, roughness: 0.4, metalness: 0.6 }),
  glow: new THREE.MeshStandardMaterial({ color: SCENE.lampGlow, emissive: SCENE.lampGlow, emissiveIntensity: 1.2 }),
  water: new THREE.MeshStandardMaterial({ color: SCENE.water, roughness: 0.1, metalness: 0.2, transparent: true, opacity: 0.85 }),
  trunk: new THREE.MeshLambertMaterial({ color: 0x6b4a2f }),
  leaves: SCENE.leaves.map((color) => new THREE.MeshLambertMaterial({ color, flatShading: true })),
};

function mesh(geometry, material, x = 0, y = 0, z = 0) {
  const m = new THREE.Mesh(geometry, material);
  m.position.set(x, y, z);
  m.castShadow = true;
  m.receiveShadow = true;
  return m;
}

function fountain() {
  const group = new THREE.Group();
  group.name = "fountain";
  // The basin is a lathed profile: outer wall, rim, inner wall.
  const profile = [[0, 0.05], [1.5, 0.05], [1.55, 0.45], [1.4, 0.5], [1.3, 0.2], [0, 0.2]].map(([x, y]) => new THREE.Vector2(x, y));
  group.add(mesh(new THREE.LatheGeometry(profile, 48), materials.stone));
  const moving = new THREE.Group();
  moving.name = "water";
  const water = mesh(new THREE.CircleGeometry(1.32, 48), materials.water, 0, 0.38, 0);
  water.rotation.x = -Math.PI / 2;
  water.castShadow = false;
  moving.add(water);
  group.add(mesh(new THREE.CylinderGeometry(0.12, 0.18, 1.1, 16), materials.stoneDark, 0, 0.75, 0));
  const bowl = [[0, 1.2], [0.55, 1.25], [0.6, 1.38], [0.5, 1.36], [0, 1.3]].map(([x, y]) => new THREE.Vector2(x, y));
  group.add(mesh(new THREE.LatheGeometry(bowl, 32), materials.stone));
  // Ripples: thin rings that grow and fade on the water.
  const ripples = [0, 1, 2].map(() => {
    const ring = new THREE.Mesh(
      new THREE.RingGeometry(0.9, 1, 48),
      new THREE.MeshBasicMaterial({ color: 0xffffff, transparent: true, opacity: 0.3, depthWrite: false }),
    );
    ring.rotation.x = -Math.PI / 2;
    ring.position.y = 0.39;
    moving.add(ring);
    return ring;
  });
  const update = (seconds) => {
    ripples.forEach((ring, i) => {
      const k = (seconds * 0.35 + i / ripples.length) % 1;
      ring.scale.setScalar(0.35 + k * 0.9);
      ring.material.opacity = 0.35 * (1 - k);
    });
  };
  return { group, update, moving };
}

function bench() {
  const group = new THREE.Group();
  group.name = "bench";
  for (let i = 0; i < 3; i++) group.add(mesh(new THREE.BoxGeometry(1.6, 0.04, 0.1), materials.wood, 0, 0.45, -0.13 + i * 0.13));
  for (let i = 0; i < 2; i++) {
    const back = mesh(new THREE.BoxGeometry(1.6, 0.08, 0.03), materials.wood, 0, 0.62 + i * 0.14, -0.22);
    back.rotation.x = -0.15;
    group.add(back);
  }
  for (const x of [-0.7, 0.7]) {
    group.add(mesh(new THREE.BoxGeometry(0.06, 0.45, 0.4), materials.metal, x, 0.22, 0));
    group.add(mesh(new THREE.BoxGeometry(0.05, 0.5, 0.04), materials.metal, x, 0.65, -0.22));
  }
  return group;
}

function lamp() {
  const group = new THREE.Group();
  group.name = "lamp";
  group.add(mesh(new THREE.CylinderGeometry(0.14, 0.18, 0.2, 12), materials.metal, 0, 0.1, 0));
  group.add(mesh(new THREE.CylinderGeometry(0.04, 0.05, 2.6, 10), materials.metal, 0, 1.4, 0));
  const globe = mesh(new THREE.SphereGeometry(0.16, 20, 14), materials.glow, 0, 2.85, 0);
  globe.castShadow = false;
  group.add(globe);
  group.add(mesh(new THREE.ConeGeometry(0.22, 0.14, 12), materials.metal, 0, 3.05, 0));
  return group;
}

function tree(random) {
  const group = new THREE.Group();
  group.name = "tree";
  const height = 1.2 + random() * 0.8;
  group.add(mesh(new THREE.CylinderGeometry(0.09, 0.14, height, 8), materials.trunk, 0, height / 2, 0));
  const leaves = materials.leaves[Math.floor(random() * materials.leaves.length)];
  const blobs = [[0, height + 0.5, 0, 0.9], [0.35, height + 0.25, 0.1, 0.6], [-0.3, height + 0.3, -0.15, 0.65], [0, height + 1.05, 0, 0.55]];
  for (const [x, y, z, r] of blobs) group.add(mesh(new THREE.IcosahedronGeometry(r, 1), leaves, x, y, z));
  group.scale.setScalar(0.9 + random() * 0.5);
  group.rotation.y = random() * Math.PI * 2;
  return group;
}

// The props never move, so their meshes are baked into one mesh per material: a dozen draw calls
// instead of hundreds, which is what lets a phone (or a software renderer) keep its frame rate.
function bake(statics) {
  statics.updateMatrixWorld(true);
  const byMaterial = new Map();
  statics.traverse((o) => {
    if (!o.isMesh) return;
    const geometry = (o.geometry.index ? o.geometry.toNonIndexed() : o.geometry.clone()).applyMatrix4(o.matrixWorld);
    const key = `${o.material.uuid}:${o.castShadow}`;
    if (!byMaterial.has(key)) byMaterial.set(key, { material: o.material, castShadow: o.castShadow, geometries: [] });
    byMaterial.get(key).geometries.push(geometry);
  });
  const baked = new THREE.Group();
  baked.name = "props";
  for (const { material, castShadow, geometries } of byMaterial.values()) {
    const merged = new THREE.Mesh(mergeGeometries(geometries), material);
    merged.castShadow = castShadow;
    merged.receiveShadow = true;
    baked.add(merged);
    geometries.forEach((g) => g.dispose());
  }
  return baked;
}

// Places everything; returns the per-frame updates of animated props.
export function addProps(scene) {
  const statics = new THREE.Group();
  const { group, update, moving } = fountain();
  statics.add(group);
  scene.add(moving);
  const benchRadius = 5.2;
  for (let i = 0; i < 4; i++) {
    const angle = Math.PI / 4 + (i * Math.PI) / 2;
    const b = bench();
    b.position.set(Math.sin(angle) * benchRadius, 0.06, Math.cos(angle) * benchRadius);
    b.rotation.y = angle + Math.PI; // facing the fountain
    statics.add(b);
  }
  for (let i = 0; i < 8; i++) {
    const angle = (i * Math.PI) / 4;
    const l = lamp();
    l.position.set(Math.sin(angle) * 6.4, 0.06, Math.cos(angle) * 6.4);
    statics.add(l);
  }
  let seed = 3;
  const random = () => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 4294967296);
  for (let i = 0; i < 14; i++) {
    const angle = (i / 14) * Math.PI * 2 + random() * 0.3;
    const t = tree(random);
    const radius = 9.5 + random() * 3.5;
    t.position.set(Math.sin(angle) * radius, 0, Math.cos(angle) * radius);
    statics.add(t);
  }
  scene.add(bake(statics));
  return [update];
}
