// The shared space: a floor, light and a few reference objects so motion is easy to judge.
import * as THREE from "three";

export function createScene() {
  const scene = new THREE.Scene();
  scene.background = new THREE.Color(0x1b2430);
  scene.add(new THREE.HemisphereLight(0xdde8ff, 0x334455, 1.4));
  const sun = new THREE.DirectionalLight(0xffffff, 1.6);
  sun.position.set(3, 6, 2);
  scene.add(sun);
  const floor = new THREE.Mesh(new THREE.CircleGeometry(12, 64), new THREE.MeshStandardMaterial({ color: 0x3b4d61, roughness: 0.9 }));
  floor.rotation.x = -Math.PI / 2;
  floor.name = "floor";
  scene.add(floor);
  const grid = new THREE.GridHelper(24, 24, 0x6e7f91, 0x4a5a6b);
  grid.position.y = 0.001;
  scene.add(grid);
  const shapes = [
    [new THREE.BoxGeometry(0.6, 0.6, 0.6), 0xe3b341, [-1.2, 0.3, -0.6]],
    [new THREE.ConeGeometry(0.35, 1, 24), 0x3fb950, [1.2, 0.5, 0.8]],
    [new THREE.TorusKnotGeometry(0.25, 0.08, 80, 12), 0xdb61a2, [0, 0.9, 0]],
  ];
  for (const [geometry, color, position] of shapes) {
    const mesh = new THREE.Mesh(geometry, new THREE.MeshStandardMaterial({ color, roughness: 0.5 }));
    mesh.position.fromArray(position);
    scene.add(mesh);
  }
  return scene;
}
