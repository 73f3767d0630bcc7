// The page: scene, local player, remote avatars and the room connection, wired together.
import * as THREE from "three";
import { VRButton } from "three/addons/webxr/VRButton.js";
import { Avatar } from "./avatars.js";
import { loadConfig } from "./config.js";
import { DesktopControls, currentPose, spawnPoint } from "./controls.js";
import { RoomConnection } from "./net.js";
import { createScene } from "./scene.js";

const config = await loadConfig();
const scene = createScene();
const camera = new THREE.PerspectiveCamera(70, window.innerWidth / window.innerHeight, 0.05, 100);
const renderer = new THREE.WebGLRenderer({ antialias: true, preserveDrawingBuffer: true });
renderer.setPixelRatio(Math.min(window.devicePixelRatio, 2));
renderer.setSize(window.innerWidth, window.innerHeight);
renderer.xr.enabled = true;
document.body.appendChild(renderer.domElement);
if (navigator.xr) {
  navigator.xr.isSessionSupported("immersive-vr").then((ok) => ok && document.body.appendChild(VRButton.createButton(renderer)));
}
const grips = [renderer.xr.getControllerGrip(0), renderer.xr.getControllerGrip(1)];
grips.forEach((grip) => scene.add(grip));
const controls = new DesktopControls(camera, renderer.domElement, spawnPoint(new URLSearchParams(window.location.search)));
window.addEventListener("resize", () => {
  camera.aspect = window.innerWidth / window.innerHeight;
  camera.updateProjectionMatrix();
  renderer.setSize(window.innerWidth, window.innerHeight);
});

const avatars = new Map(); // player id -> Avatar
const names = new Map(); // player id -> name, learned from welcome/join
const hud = {
  state: document.getElementById("state"),
  room: document.getElementById("room"),
  count: document.getElementById("count"),
  rate: document.getElementById("rate"),
};
hud.room.textContent = config.room;

function avatarFor(id) {
  let avatar = avatars.get(id);
  if (!avatar) {
    avatar = new Avatar(id, names.get(id) || id);
    avatars.set(id, avatar);
    scene.add(avatar.root);
  }
  return avatar;
}

function removeAvatar(id) {
  const avatar = avatars.get(id);
  if (!avatar) return;
  scene.remove(avatar.root);
  avatar.dispose();
  avatars.delete(id);
}

const room = new RoomConnection(config, {
  onState(state) {
    hud.state.textContent = state;
    hud.state.className = `state ${state}`;
  },
  onWelcome(welcome) {
    for (const id of [...avatars.keys()]) removeAvatar(id); // a rejoin starts from the server's view
    for (const player of welcome.players) {
      names.set(player.id, player.name);
      const avatar = avatarFor(player.id);
      if (player.pose) avatar.receive(player.pose);
    }
  },
  onJoin(message) {
    names.set(message.id, message.name);
    avatarFor(message.id);
  },
  onLeave(message) {
    removeAvatar(message.id);
  },
  onPose(id, pose) {
    avatarFor(id).receive(pose);
  },
  onError(error) {
    console.warn("server refused a message:", error.code, error.reason);
  },
});

// Read-only view for tests and curious developers.
window.wrapperXR = {
  get state() {
    return room.state;
  },
  get id() {
    return room.id;
  },
  get room() {
    return config.room;
  },
  get peers() {
    return [...avatars.keys()];
  },
  lastPose(id) {
    const avatar = avatars.get(id);
    return avatar ? avatar.buffer.latest() : null;
  },
  get updateRate() {
    return room.updateRate();
  },
  get position() {
    return camera.position.toArray();
  },
  get presenting() {
    return renderer.xr.isPresenting;
  },
};

const timer = new THREE.Timer();
renderer.setAnimationLoop((timestamp) => {
  timer.update(timestamp);
  const dt = Math.min(timer.getDelta(), 0.1);
  if (!renderer.xr.isPresenting) controls.update(dt);
  room.maybeSend(currentPose(camera, renderer, grips));
  const now = performance.now();
  for (const avatar of avatars.values()) avatar.update(now);
  hud.count.textContent = String(avatars.size + (room.id ? 1 : 0));
  hud.rate.textContent = String(room.updateRate());
  renderer.render(scene, camera);
});
