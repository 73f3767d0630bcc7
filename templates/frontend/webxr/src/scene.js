// The shared space: a paved plaza on a lawn under an evening sky, lit by a low sun that casts soft
// shadows, with fog that melts the lawn into the horizon. The props live in props.js.
import * as THREE from "three";
import { SCENE } from "./palette.js";
import { addProps } from "./props.js";
import { grassTexture, pavingTexture } from "./textures.js";

export const PLAZA_RADIUS = 7;

function sky() {
  // A dome coloured per vertex, from the horizon's warm haze to the zenith's blue.
  const geometry = new THREE.SphereGeometry(80, 32, 16);
  const top = new THREE.Color(SCENE.skyTop), horizon = new THREE.Color(SCENE.skyHorizon);
  const colours = [], colour = new THREE.Color();
  const position = geometry.attributes.position;
  for (let i = 0; i < position.count; i++) {
    const k = Math.max(0, position.getY(i) / 80);
    colours.push(...colour.copy(horizon).lerp(top, Math.pow(k, 0.6)).toArray());
  }
  geometry.setAttribute("color", new THREE.Float32BufferAttribute(colours, 3));
  const dome = new THREE.Mesh(geometry, new THREE.MeshBasicMaterial({ vertexColors: true, side: THREE.BackSide, fog: false, depthWrite: false }));
  dome.name = "sky";
  return dome;
}

function sun() {
  const light = new THREE.DirectionalLight(0xfff1dc, 2.4);
  light.position.set(-8, 12, 6);
  light.castShadow = true;
  light.shadow.mapSize.set(1024, 1024);
  const extent = 12;
  Object.assign(light.shadow.camera, { left: -extent, right: extent, top: extent, bottom: -extent, near: 1, far: 40 });
  light.shadow.radius = 3;
  light.shadow.bias = -0.0005;
  light.shadow.normalBias = 0.03;
  return light;
}

function ground() {
  const group = new THREE.Group();
  const lawn = new THREE.Mesh(
    new THREE.CircleGeometry(60, 48),
    new THREE.MeshLambertMaterial({ color: 0xffffff, map: grassTexture(60) }),
  );
  lawn.rotation.x = -Math.PI / 2;
  lawn.receiveShadow = true;
  lawn.name = "lawn";
  const plaza = new THREE.Mesh(
    new THREE.CylinderGeometry(PLAZA_RADIUS, PLAZA_RADIUS, 0.06, 64),
    new THREE.MeshLambertMaterial({ color: 0xffffff, map: pavingTexture(7) }),
  );
  plaza.position.y = 0.03;
  plaza.receiveShadow = true;
  plaza.name = "floor";
  const kerb = new THREE.Mesh(
    new THREE.TorusGeometry(PLAZA_RADIUS, 0.08, 8, 96),
    new THREE.MeshLambertMaterial({ color: SCENE.stoneDark }),
  );
  kerb.rotation.x = -Math.PI / 2;
  kerb.position.y = 0.05;
  kerb.receiveShadow = true;
  group.add(lawn, plaza, kerb);
  return group;
}

export function createScene() {
  const scene = new THREE.Scene();
  scene.background = new THREE.Color(SCENE.skyHorizon);
  scene.fog = new THREE.Fog(SCENE.skyHorizon, 18, 55);
  scene.add(sky());
  scene.add(new THREE.HemisphereLight(0xcfe3ff, 0x6b5a3e, 1.1));
  scene.add(sun());
  scene.add(ground());
  const animated = addProps(scene);
  // Things that move by themselves (the fountain's water) get the clock each frame.
  scene.userData.tick = (seconds) => animated.forEach((update) => update(seconds));
  return scene;
}
