// Moving the local player: WASD/arrows and mouse drag on a desktop; the headset and controllers in VR.
import * as THREE from "three";

const SPEED = 2.0; // metres per second
const EYE_HEIGHT = 1.6;

// Where a player appears: ?x=&z=&yaw= (degrees) when given, else a random spot on a circle
// around the middle of the room, facing it, so players usually see each other at once.
export function spawnPoint(params) {
  const angle = Math.random() * Math.PI * 2;
  const number = (key, fallback) => (params.has(key) && Number.isFinite(Number(params.get(key))) ? Number(params.get(key)) : fallback);
  return {
    x: number("x", Math.sin(angle) * 2.5),
    z: number("z", Math.cos(angle) * 2.5),
    yaw: params.has("yaw") ? (number("yaw", 0) * Math.PI) / 180 : angle,
  };
}

export class DesktopControls {
  constructor(camera, element, spawn) {
    this.camera = camera;
    this.keys = new Set();
    this.yaw = spawn.yaw;
    this.pitch = 0;
    this.dragging = false;
    camera.position.set(spawn.x, EYE_HEIGHT, spawn.z);
    window.addEventListener("keydown", (e) => this.keys.add(e.code));
    window.addEventListener("keyup", (e) => this.keys.delete(e.code));
    element.addEventListener("pointerdown", () => (this.dragging = true));
    window.addEventListener("pointerup", () => (this.dragging = false));
    window.addEventListener("pointermove", (e) => {
      if (!this.dragging) return;
      this.yaw -= e.movementX * 0.004;
      this.pitch = Math.max(-1.4, Math.min(1.4, this.pitch - e.movementY * 0.004));
    });
  }

  update(dt) {
    const forward = (this.keys.has("KeyW") || this.keys.has("ArrowUp") ? 1 : 0) - (this.keys.has("KeyS") || this.keys.has("ArrowDown") ? 1 : 0);
    const strafe = (this.keys.has("KeyD") ? 1 : 0) - (this.keys.has("KeyA") ? 1 : 0);
    const turn = (this.keys.has("ArrowLeft") ? 1 : 0) - (this.keys.has("ArrowRight") ? 1 : 0);
    this.yaw += turn * dt * 1.5;
    this.camera.quaternion.setFromEuler(new THREE.Euler(this.pitch, this.yaw, 0, "YXZ"));
    const move = new THREE.Vector3(strafe, 0, -forward);
    if (move.lengthSq() > 0) {
      move.normalize().multiplyScalar(SPEED * dt).applyEuler(new THREE.Euler(0, this.yaw, 0));
      this.camera.position.add(move);
    }
  }
}

const tmpQ = new THREE.Quaternion();
const tmpP = new THREE.Vector3();

function part(object) {
  object.getWorldPosition(tmpP);
  object.getWorldQuaternion(tmpQ);
  return { p: tmpP.toArray().map(round), q: tmpQ.toArray().map(round) };
}

function round(v) {
  return Math.round(v * 10000) / 10000;
}

// The pose the protocol sends: the head from the camera and, in VR, the hands from the controllers.
// On a desktop the hands are placed where they would hang, so others still see a body.
export function currentPose(camera, renderer, grips) {
  const pose = { head: part(camera) };
  if (renderer.xr.isPresenting) {
    grips.forEach((grip, i) => {
      if (grip.visible) pose[i === 0 ? "left" : "right"] = part(grip);
    });
  } else {
    for (const [side, x] of [["left", -0.22], ["right", 0.22]]) {
      const offset = new THREE.Vector3(x, -0.45, -0.25).applyQuaternion(new THREE.Quaternion().setFromEuler(new THREE.Euler(0, new THREE.Euler().setFromQuaternion(camera.quaternion, "YXZ").y, 0)));
      pose[side] = { p: camera.position.clone().add(offset).toArray().map(round), q: pose.head.q };
    }
  }
  return pose;
}
