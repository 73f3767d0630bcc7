// Shared objects (docs/protocol.md, "Shared objects"): a few spawned in the garden, grabbed with the
// mouse (drag) or a controller (ray, then trigger or grip), tinted in the holder's colour with the
// holder's name above, and moved smoothly when someone else moves them.
import * as THREE from "three";
import { PoseBuffer } from "./interpolation.js";
import { nameTag } from "./nametag.js";
import { playerColour } from "./palette.js";

// The objects a room starts with: spawned by the first page to find the room empty. Their ids are
// fixed, so two pages doing it at once spawn them once (the second gets "exists").
const STARTERS = [
  { id: "crate", kind: "cube", at: { p: [-1.2, 0.9, -1.8], q: [0, 0, 0, 1] } },
  { id: "ball", kind: "sphere", at: { p: [0, 0.9, -2.2], q: [0, 0, 0, 1] } },
  { id: "cone", kind: "cone", at: { p: [1.2, 0.9, -1.8], q: [0, 0, 0, 1] } },
];
const GEOMETRY = {
  cube: () => new THREE.BoxGeometry(0.4, 0.4, 0.4),
  sphere: () => new THREE.SphereGeometry(0.22, 28, 18),
  cone: () => new THREE.ConeGeometry(0.22, 0.45, 24),
};
const BASE = new THREE.Color(0xe8e2d4);
const HOLD_DISTANCE = 0.6; // metres in front of a controller while held by it

class SharedObject {
  constructor(state) {
    this.id = state.id;
    this.kind = state.kind;
    this.by = null;
    this.buffer = new PoseBuffer(); // remote moves, interpolated like avatars (as {head: at})
    this.material = new THREE.MeshStandardMaterial({ color: BASE.clone(), roughness: 0.45 });
    this.mesh = new THREE.Mesh((GEOMETRY[state.kind] || GEOMETRY.cube)(), this.material);
    this.mesh.castShadow = true;
    this.mesh.name = `object-${state.id}`;
    this.mesh.userData.sharedObject = this;
    this.tag = null;
    this.place(state.at);
  }

  place(at) {
    this.mesh.position.fromArray(at.p);
    this.mesh.quaternion.fromArray(at.q);
  }

  at() {
    const round = (v) => Math.round(v * 1000) / 1000;
    return { p: this.mesh.position.toArray().map(round), q: this.mesh.quaternion.toArray().map((v) => Math.round(v * 10000) / 10000) };
  }

  holdBy(id, name) {
    this.by = id;
    if (this.tag) {
      this.mesh.remove(this.tag);
      this.tag.material.map.dispose();
      this.tag.material.dispose();
      this.tag = null;
    }
    this.material.color.copy(id ? BASE.clone().lerp(playerColour(id), 0.7) : BASE);
    if (id) {
      this.tag = nameTag(name || id, playerColour(id));
      this.tag.position.set(0, 0.45, 0);
      this.tag.scale.multiplyScalar(0.7);
      this.mesh.add(this.tag);
    }
  }
}

export class SharedObjects {
  constructor({ scene, camera, renderer, room, names, element }) {
    Object.assign(this, { scene, camera, renderer, room, names });
    this.objects = new Map(); // id -> SharedObject
    this.holding = null; // the id this page holds
    this.pending = null; // {id, how}: asked to grab, not yet told
    this.dragPlane = new THREE.Plane();
    this.dragOffset = new THREE.Vector3();
    this.raycaster = new THREE.Raycaster();
    this.hand = null; // the controller holding the object, in VR
    this.watchPointer(element);
    for (let i = 0; i < 2; i++) this.watchController(renderer.xr.getController(i));
  }

  // -- what the server says ---------------------------------------------------------------
  welcome(message) {
    for (const id of [...this.objects.keys()]) this.remove(id);
    this.holding = null;
    for (const state of message.objects || []) this.add(state);
    if (!(message.objects || []).length) for (const starter of STARTERS) this.room.send({ action: "spawn", ...starter });
  }

  receive(message, at) {
    if (message.type === "spawn") this.add(message.object);
    else if (message.type === "grab") this.grabbed(message.id, message.by);
    else if (message.type === "drop") this.dropped(message);
    else if (message.type === "move") this.moved(message.id, message.by, message.at, at);
  }

  // In a snapshot: every held object's latest placement.
  snapshot(objects, localTime) {
    for (const o of objects) this.moved(o.id, o.by, o.at, localTime(o.t));
  }

  refused(error) {
    if (this.pending && ["held", "no_object", "already_holding", "not_joined"].includes(error.code)) this.pending = null;
    if (this.holding && error.code === "not_holding") this.holding = null; // someone took it over
  }

  add(state) {
    if (this.objects.has(state.id)) return;
    const object = new SharedObject(state);
    this.objects.set(state.id, object);
    this.scene.add(object.mesh);
    if (state.by) object.holdBy(state.by, this.names.get(state.by));
  }

  remove(id) {
    const object = this.objects.get(id);
    if (!object) return;
    object.holdBy(null);
    this.scene.remove(object.mesh);
    object.mesh.geometry.dispose();
    object.material.dispose();
    this.objects.delete(id);
  }

  grabbed(id, by) {
    const object = this.objects.get(id);
    if (!object) return;
    object.holdBy(by, by === this.room.id ? "you" : this.names.get(by));
    object.buffer = new PoseBuffer();
    if (by === this.room.id && this.pending && this.pending.id === id) {
      this.holding = id;
      this.pending = null;
    } else if (this.holding === id) {
      this.holding = null; // taken over: this page had gone silent
    }
  }

  dropped(message) {
    const object = this.objects.get(message.id);
    if (!object) return;
    object.holdBy(null);
    object.buffer = new PoseBuffer();
    object.place(message.at);
    if (this.holding === message.id) this.holding = null;
  }

  moved(id, by, at, localTime) {
    const object = this.objects.get(id);
    if (!object || by === this.room.id) return; // this page moves its own object itself
    if (object.by !== by) object.holdBy(by, this.names.get(by));
    object.buffer.push({ head: at }, localTime);
  }

  // -- this page's hands ------------------------------------------------------------------
  pick(origin, direction) {
    this.raycaster.set(origin, direction);
    const hit = this.raycaster.intersectObjects([...this.objects.values()].map((o) => o.mesh), false)[0];
    return hit ? { object: hit.object.userData.sharedObject, point: hit.point } : null;
  }

  grab(object, how) {
    if (this.holding || this.pending) return false;
    if (object.by && object.by !== this.room.id) return false; // someone holds it: the server would say "held"
    this.pending = { id: object.id, how };
    this.room.send({ action: "grab", id: object.id });
    return true;
  }

  letGo() {
    const id = this.holding || (this.pending && this.pending.id);
    this.hand = null;
    if (!id) return;
    const object = this.objects.get(id);
    this.room.send({ action: "drop", id, ...(object && this.holding ? { at: object.at() } : {}) });
    this.pending = null;
  }

  watchPointer(element) {
    const ndc = new THREE.Vector2();
    const ray = (e) => {
      const rect = element.getBoundingClientRect();
      ndc.set(((e.clientX - rect.left) / rect.width) * 2 - 1, -((e.clientY - rect.top) / rect.height) * 2 + 1);
      this.raycaster.setFromCamera(ndc, this.camera);
      return this.raycaster.ray;
    };
    // Capture phase: a press on an object grabs it instead of turning the view (controls.js).
    window.addEventListener(
      "pointerdown",
      (e) => {
        if (e.target !== element || this.renderer.xr.isPresenting) return;
        const r = ray(e);
        const hit = this.pick(r.origin, r.direction);
        if (!hit || !this.grab(hit.object, "pointer")) return;
        e.stopImmediatePropagation();
        this.pointerId = e.pointerId;
        // Dragged across the plane facing the camera through the point grabbed.
        this.dragPlane.setFromNormalAndCoplanarPoint(this.camera.getWorldDirection(new THREE.Vector3()).negate(), hit.point);
        this.dragOffset.copy(hit.object.mesh.position).sub(hit.point);
      },
      { capture: true },
    );
    window.addEventListener("pointermove", (e) => {
      if (e.pointerId !== this.pointerId || !this.holding) return;
      const point = new THREE.Vector3();
      if (ray(e).intersectPlane(this.dragPlane, point)) this.objects.get(this.holding).mesh.position.copy(point.add(this.dragOffset));
    });
    const release = (e) => {
      if (e.pointerId !== this.pointerId) return;
      this.pointerId = null;
      this.letGo();
    };
    window.addEventListener("pointerup", release);
    window.addEventListener("pointercancel", release);
  }

  watchController(controller) {
    this.scene.add(controller);
    const start = () => {
      const origin = new THREE.Vector3().setFromMatrixPosition(controller.matrixWorld);
      const direction = new THREE.Vector3(0, 0, -1).applyQuaternion(controller.getWorldQuaternion(new THREE.Quaternion()));
      const hit = this.pick(origin, direction);
      if (hit && this.grab(hit.object, "controller")) this.hand = controller;
    };
    const end = () => {
      if (this.hand === controller) this.letGo();
    };
    controller.addEventListener("selectstart", start);
    controller.addEventListener("squeezestart", start);
    controller.addEventListener("selectend", end);
    controller.addEventListener("squeezeend", end);
  }

  // -- every frame -------------------------------------------------------------------------
  // What the local pose carries: the held object's placement (the server stores it with the pose).
  held() {
    if (!this.holding) return null;
    const object = this.objects.get(this.holding);
    return object ? { id: object.id, at: object.at() } : null;
  }

  update(now) {
    if (this.hand && this.holding) {
      const object = this.objects.get(this.holding);
      object.mesh.position.set(0, 0, -HOLD_DISTANCE).applyMatrix4(this.hand.matrixWorld);
      this.hand.getWorldQuaternion(object.mesh.quaternion);
    }
    for (const object of this.objects.values()) {
      if (object.id === this.holding || !object.buffer.samples.length) continue;
      const pose = object.buffer.sample(now);
      if (pose && pose.head) object.place(pose.head);
    }
  }

  // For tests: where each object is and who holds it; where one is drawn on screen.
  view() {
    return Object.fromEntries([...this.objects.values()].map((o) => [o.id, { at: o.at(), by: o.by, kind: o.kind }]));
  }

  screenPoint(id) {
    const object = this.objects.get(id);
    if (!object) return null;
    const v = object.mesh.position.clone().project(this.camera);
    return { x: ((v.x + 1) / 2) * window.innerWidth, y: ((1 - v.y) / 2) * window.innerHeight, behind: v.z > 1 };
  }
}
