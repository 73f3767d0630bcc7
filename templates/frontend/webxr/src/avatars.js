// Half-body avatars of the other players: a head with a visor showing where they look, two hands,
// a name label and a colour derived from the player's id.
import * as THREE from "three";
import { PoseBuffer } from "./interpolation.js";

export function colourFor(id) {
  let hash = 0;
  for (const ch of id) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  return new THREE.Color().setHSL((hash % 360) / 360, 0.65, 0.55);
}

function label(text) {
  const canvas = document.createElement("canvas");
  canvas.width = 256;
  canvas.height = 64;
  const g = canvas.getContext("2d");
  g.fillStyle = "rgba(13,17,23,0.75)";
  g.fillRect(0, 0, 256, 64);
  g.fillStyle = "#ffffff";
  g.font = "bold 30px system-ui, sans-serif";
  g.textAlign = "center";
  g.textBaseline = "middle";
  g.fillText(text.slice(0, 16), 128, 34);
  const sprite = new THREE.Sprite(new THREE.SpriteMaterial({ map: new THREE.CanvasTexture(canvas), depthTest: false }));
  sprite.scale.set(0.5, 0.125, 1);
  return sprite;
}

export class Avatar {
  constructor(id, name) {
    this.id = id;
    this.name = name;
    this.buffer = new PoseBuffer();
    const colour = colourFor(id);
    const skin = new THREE.MeshStandardMaterial({ color: colour, roughness: 0.6 });
    this.root = new THREE.Group();
    this.root.name = `avatar-${id}`;
    this.head = new THREE.Group();
    const skull = new THREE.Mesh(new THREE.SphereGeometry(0.14, 24, 16), skin);
    const visor = new THREE.Mesh(
      new THREE.BoxGeometry(0.2, 0.06, 0.06),
      new THREE.MeshStandardMaterial({ color: 0x111111, roughness: 0.2 }),
    );
    visor.position.set(0, 0.02, -0.13); // -z is where a three.js camera looks
    this.head.add(skull, visor);
    this.tag = label(name || id);
    this.tag.position.set(0, 0.3, 0);
    this.head.add(this.tag);
    this.body = new THREE.Mesh(new THREE.CylinderGeometry(0.12, 0.2, 0.55, 16), skin);
    this.hands = { left: this.hand(skin), right: this.hand(skin) };
    this.root.add(this.head, this.body, this.hands.left, this.hands.right);
  }

  hand(material) {
    const mesh = new THREE.Mesh(new THREE.BoxGeometry(0.08, 0.05, 0.12), material);
    mesh.visible = false;
    return mesh;
  }

  receive(pose) {
    this.buffer.push(pose);
  }

  update(now) {
    const pose = this.buffer.sample(now);
    if (!pose || !pose.head) {
      this.root.visible = false;
      return;
    }
    this.root.visible = true;
    this.head.position.fromArray(pose.head.p);
    this.head.quaternion.fromArray(pose.head.q);
    // The torso hangs below the head and turns only around the vertical axis.
    this.body.position.set(pose.head.p[0], pose.head.p[1] - 0.5, pose.head.p[2]);
    const yaw = new THREE.Euler().setFromQuaternion(this.head.quaternion, "YXZ").y;
    this.body.rotation.set(0, yaw, 0);
    for (const side of ["left", "right"]) {
      const part = pose[side];
      const mesh = this.hands[side];
      mesh.visible = Boolean(part);
      if (part) {
        mesh.position.fromArray(part.p);
        mesh.quaternion.fromArray(part.q);
      }
    }
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
