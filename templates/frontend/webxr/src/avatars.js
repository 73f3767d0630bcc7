// The other players: a head wearing a headset, a neck, a torso and two hands, in the player's own
// colour, with a name tag above. Hands follow the controllers when the pose has them; otherwise they
// hang by the body, breathing gently at rest and swinging when the player walks.
import * as THREE from "three";
import { PoseBuffer } from "./interpolation.js";
import { nameTag } from "./nametag.js";
import { playerColour } from "./palette.js";

const WHITE = new THREE.Color(0xffffff);
const up = new THREE.Vector3(0, 1, 0);
const tmp = new THREE.Vector3();
const shoulder = new THREE.Vector3();
const direction = new THREE.Vector3();

function material(color, options = {}) {
  return new THREE.MeshStandardMaterial({ color, roughness: 0.55, ...options });
}

function part(geometry, mat, shadow = true) {
  const m = new THREE.Mesh(geometry, mat);
  m.castShadow = shadow;
  return m;
}

export class Avatar {
  constructor(id, name) {
    this.id = id;
    this.name = name;
    this.buffer = new PoseBuffer();
    this.colour = playerColour(id);
    const body = material(this.colour);
    const light = material(this.colour.clone().lerp(WHITE, 0.55));
    const dark = material(0x1c1f26, { roughness: 0.25, metalness: 0.3 });
    this.root = new THREE.Group();
    this.root.name = `avatar-${id}`;

    this.head = new THREE.Group();
    const skull = part(new THREE.SphereGeometry(0.12, 28, 20), light);
    skull.scale.set(1, 1.08, 1);
    const headset = part(new THREE.BoxGeometry(0.2, 0.09, 0.08), dark);
    headset.position.set(0, 0.015, -0.1); // -z is where a three.js camera looks
    const strap = part(new THREE.TorusGeometry(0.123, 0.012, 6, 32), dark);
    strap.rotation.x = Math.PI / 2;
    strap.position.y = 0.015;
    const lens = material(this.colour.clone().lerp(WHITE, 0.2), { emissive: this.colour, emissiveIntensity: 0.6 });
    for (const x of [-0.045, 0.045]) {
      const eye = part(new THREE.CircleGeometry(0.022, 20), lens, false);
      eye.position.set(x, 0.015, -0.141);
      eye.rotation.y = Math.PI;
      this.head.add(eye);
    }
    this.head.add(skull, headset, strap);

    // The torso turns with the head's heading only and hangs below it, like a person's.
    this.torso = new THREE.Group();
    const chest = part(new THREE.CapsuleGeometry(0.16, 0.24, 6, 20), body);
    chest.scale.set(1.05, 1, 0.7);
    chest.position.y = -0.44;
    const neck = part(new THREE.CylinderGeometry(0.045, 0.055, 0.12, 12), light);
    neck.position.y = -0.17;
    const belt = part(new THREE.TorusGeometry(0.15, 0.025, 8, 28), dark);
    belt.rotation.x = Math.PI / 2;
    belt.scale.set(1.1, 0.7, 1);
    belt.position.y = -0.62;
    this.torso.add(chest, neck, belt);

    this.hands = { left: this.hand(light), right: this.hand(light) };
    // Arms: a sleeve from each shoulder to its hand, re-aimed every frame (so tracked hands stay attached).
    this.arms = { left: part(new THREE.CapsuleGeometry(0.04, 1, 4, 10), body), right: part(new THREE.CapsuleGeometry(0.04, 1, 4, 10), body) };
    this.tag = nameTag(name || id, this.colour);
    this.root.add(this.head, this.torso, this.hands.left, this.hands.right, this.arms.left, this.arms.right, this.tag);
    this.phase = Math.random() * Math.PI * 2;
    this.lastHead = null;
    this.speed = 0;
  }

  hand(mat) {
    const group = new THREE.Group();
    const palm = part(new THREE.SphereGeometry(0.045, 16, 12), mat);
    palm.scale.set(0.8, 0.6, 1.2);
    const thumb = part(new THREE.SphereGeometry(0.02, 10, 8), mat);
    thumb.position.set(0.03, 0.01, -0.02);
    group.add(palm, thumb);
    return group;
  }

  receive(pose, at) {
    this.buffer.push(pose, at);
  }

  update(now, dt) {
    const pose = this.buffer.sample(now);
    if (!pose || !pose.head) {
      this.root.visible = false;
      return;
    }
    this.root.visible = true;
    this.head.position.fromArray(pose.head.p);
    this.head.quaternion.fromArray(pose.head.q);
    const yaw = new THREE.Euler().setFromQuaternion(this.head.quaternion, "YXZ").y;
    // Walking speed from the head's horizontal motion, smoothed, drives the idle swing below.
    if (this.lastHead && dt > 0) {
      const moved = Math.hypot(pose.head.p[0] - this.lastHead[0], pose.head.p[2] - this.lastHead[2]) / dt;
      this.speed += (Math.min(moved, 3) - this.speed) * Math.min(1, dt * 8);
    }
    this.lastHead = pose.head.p;
    const t = now / 1000 + this.phase;
    const breathe = Math.sin(t * 1.6) * 0.008;
    this.torso.position.set(pose.head.p[0], pose.head.p[1] + breathe, pose.head.p[2]);
    this.torso.rotation.set(0, yaw, 0);
    this.tag.position.set(pose.head.p[0], pose.head.p[1] + 0.3, pose.head.p[2]);
    const walking = Math.min(1, this.speed / 1.5);
    for (const [side, sign] of [["left", -1], ["right", 1]]) {
      const hand = this.hands[side];
      const tracked = pose[side];
      if (tracked) {
        hand.position.fromArray(tracked.p);
        hand.quaternion.fromArray(tracked.q);
      } else {
        const swing = Math.sin(t * 6 + (sign > 0 ? Math.PI : 0)) * 0.14 * walking;
        const sway = Math.sin(t * 1.6 + sign) * 0.012;
        tmp.set(sign * 0.24, -0.74 + sway, -0.02 - swing).applyAxisAngle(up, yaw);
        hand.position.set(pose.head.p[0] + tmp.x, pose.head.p[1] + tmp.y, pose.head.p[2] + tmp.z);
        hand.rotation.set(-swing * 0.8, yaw, sign * 0.2, "YXZ");
      }
      shoulder.set(sign * 0.2, -0.3 + breathe, 0).applyAxisAngle(up, yaw).add(this.torso.position);
      this.reach(this.arms[side], shoulder, hand.position);
    }
  }

  // Stretch a unit-length capsule between two points.
  reach(arm, from, to) {
    direction.subVectors(to, from);
    const length = Math.max(0.05, direction.length() - 0.04);
    arm.position.addVectors(from, to).multiplyScalar(0.5);
    arm.quaternion.setFromUnitVectors(up, direction.normalize());
    arm.scale.set(1, length / 1.08, 1);
  }

  dispose() {
    this.root.traverse((o) => {
      if (o.geometry) o.geometry.dispose();
      if (o.material) {
        if (o.material.map) o.material.map.dispose();
        o.material.dispose();
      }
    });
  }
}
