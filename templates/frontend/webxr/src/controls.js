// Moving the local player outside VR: keys (WASD/arrows), a thumb stick on touch screens, and
// dragging to look (mouse or finger). Motion eases in and out so the camera never jerks.
import * as THREE from "three";

const SPEED = 2.2; // metres per second at full stick or key
const EASE = 10; // 1/s: how fast velocity follows the input
const LOOK = 0.0045; // radians per pixel dragged
const EYE_HEIGHT = 1.6;
const LIMIT = 13; // metres from the middle: the player stays in the garden

// Where a player appears: ?x=&z=&yaw= (degrees) when given, else a random spot on a circle
// around the fountain, facing it, so players usually see each other at once.
export function spawnPoint(params) {
  const angle = Math.random() * Math.PI * 2;
  const number = (key, fallback) => (params.has(key) && Number.isFinite(Number(params.get(key))) ? Number(params.get(key)) : fallback);
  return {
    x: number("x", Math.sin(angle) * 3.2),
    z: number("z", Math.cos(angle) * 3.2),
    yaw: params.has("yaw") ? (number("yaw", 0) * Math.PI) / 180 : angle,
  };
}

export class PlayerControls {
  // stick: an object with `.vector` {x, y} in -1..1 (x right, y forward), or null.
  constructor(camera, element, spawn, stick = null) {
    this.camera = camera;
    this.stick = stick;
    this.keys = new Set();
    this.yaw = spawn.yaw;
    this.pitch = 0;
    this.velocity = new THREE.Vector3();
    this.lookers = new Map(); // pointerId -> last {x, y}
    camera.position.set(spawn.x, EYE_HEIGHT, spawn.z);
    window.addEventListener("keydown", (e) => this.keys.add(e.code));
    window.addEventListener("keyup", (e) => this.keys.delete(e.code));
    window.addEventListener("blur", () => this.keys.clear());
    // Pointer events cover mouse, pen and touch alike; each finger that drags the view is tracked apart.
    element.addEventListener("pointerdown", (e) => {
      element.setPointerCapture(e.pointerId);
      this.lookers.set(e.pointerId, { x: e.clientX, y: e.clientY });
    });
    element.addEventListener("pointermove", (e) => {
      const last = this.lookers.get(e.pointerId);
      if (!last) return;
      this.look(e.clientX - last.x, e.clientY - last.y);
      this.lookers.set(e.pointerId, { x: e.clientX, y: e.clientY });
    });
    const release = (e) => this.lookers.delete(e.pointerId);
    element.addEventListener("pointerup", release);
    element.addEventListener("pointercancel", release);
  }

  look(dx, dy) {
    this.yaw -= dx * LOOK;
    this.pitch = Math.max(-1.3, Math.min(1.3, this.pitch - dy * LOOK));
  }

  // The wanted motion: x to the right, y forward, each -1..1.
  input() {
    const k = this.keys;
    let forward = (k.has("KeyW") || k.has("ArrowUp") ? 1 : 0) - (k.has("KeyS") || k.has("ArrowDown") ? 1 : 0);
    let strafe = (k.has("KeyD") ? 1 : 0) - (k.has("KeyA") ? 1 : 0);
    if (this.stick) {
      forward += this.stick.vector.y;
      strafe += this.stick.vector.x;
    }
    const length = Math.hypot(forward, strafe);
    return length > 1 ? { x: strafe / length, y: forward / length } : { x: strafe, y: forward };
  }

  update(dt) {
    const k = this.keys;
    this.yaw += ((k.has("ArrowLeft") ? 1 : 0) - (k.has("ArrowRight") ? 1 : 0)) * dt * 1.6;
    this.camera.quaternion.setFromEuler(new THREE.Euler(this.pitch, this.yaw, 0, "YXZ"));
    const wanted = this.input();
    const target = new THREE.Vector3(wanted.x, 0, -wanted.y).multiplyScalar(SPEED).applyEuler(new THREE.Euler(0, this.yaw, 0));
    this.velocity.lerp(target, 1 - Math.exp(-EASE * dt));
    if (this.velocity.lengthSq() < 1e-6) this.velocity.set(0, 0, 0);
    const p = this.camera.position.addScaledVector(this.velocity, dt);
    const distance = Math.hypot(p.x, p.z);
    if (distance > LIMIT) p.multiplyScalar(LIMIT / distance).setY(EYE_HEIGHT);
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
// Outside VR no hands are sent: every page animates untracked hands by the body itself.
export function currentPose(camera, renderer, grips) {
  const pose = { head: part(camera) };
  if (renderer.xr.isPresenting) {
    grips.forEach((grip, i) => {
      if (grip.visible) pose[i === 0 ? "left" : "right"] = part(grip);
    });
  }
  return pose;
}
