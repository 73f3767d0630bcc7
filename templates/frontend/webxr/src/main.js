// The page: scene, local player, remote avatars and the room connection, wired together.
import * as THREE from "three";
import { VRButton } from "three/addons/webxr/VRButton.js";
import { Avatar } from "./avatars.js";
import { loadConfig } from "./config.js";
import { PlayerControls, currentPose, spawnPoint } from "./controls.js";
import { Hud, watchHandlerErrors } from "./hud.js";
import { RoomConnection } from "./net.js";
import { SharedObjects } from "./objects.js";
import { SignIn, profileRequest } from "./signin.js";
import { playerColour } from "./palette.js";
import { AdaptiveQuality } from "./quality.js";
import { createScene } from "./scene.js";
import { ThumbStick, isTouchDevice } from "./touch.js";
import { fitCamera } from "./view.js";

const config = await loadConfig();
const account = config.signin ? new SignIn(config.signin) : null;
if (account) {
  await account.resume().catch((error) => console.error(error));
  Object.assign(config, await loadConfig()); // returning from sign-in restored the room and name in the URL
  config.idToken = () => account.idToken;
  const button = document.getElementById("signin");
  button.hidden = false;
  button.textContent = account.signedIn ? `Sign out ${account.username}` : "Sign in";
  button.addEventListener("click", () => (account.signedIn ? account.signOut() : account.start()));
}
const touch = isTouchDevice();
const scene = createScene();
const camera = new THREE.PerspectiveCamera(65, window.innerWidth / window.innerHeight, 0.05, 200);
const renderer = new THREE.WebGLRenderer({ antialias: true, preserveDrawingBuffer: true });
renderer.shadowMap.enabled = true;
renderer.shadowMap.type = THREE.PCFShadowMap;
renderer.toneMapping = THREE.ACESFilmicToneMapping;
renderer.toneMappingExposure = 1.05;
renderer.xr.enabled = true;
fitCamera(camera, renderer);
document.body.appendChild(renderer.domElement);
if (navigator.xr) {
  navigator.xr.isSessionSupported("immersive-vr").then((ok) => ok && document.body.appendChild(VRButton.createButton(renderer)));
}
const grips = [renderer.xr.getControllerGrip(0), renderer.xr.getControllerGrip(1)];
grips.forEach((grip) => scene.add(grip));
const stick = touch ? new ThumbStick(document.getElementById("stick"), document.querySelector("#stick .knob")) : null;
const controls = new PlayerControls(camera, renderer.domElement, spawnPoint(new URLSearchParams(window.location.search)), stick);
window.addEventListener("resize", () => fitCamera(camera, renderer));

const hud = new Hud(document, touch);
hud.room(config.room);
watchHandlerErrors(config, hud);

const avatars = new Map(); // player id -> Avatar
const names = new Map(); // player id -> name, learned from welcome/join

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
    hud.state(state);
  },
  onWelcome(welcome) {
    for (const id of [...avatars.keys()]) removeAvatar(id); // a rejoin starts from the server's view
    hud.you(account && account.signedIn ? welcome.name : config.name || "you", playerColour(welcome.id));
    for (const player of welcome.players) {
      names.set(player.id, player.name);
      const avatar = avatarFor(player.id);
      if (player.pose) avatar.receive(player.pose);
    }
    objects.welcome(welcome);
  },
  onObject(message, at) {
    objects.receive(message, at);
  },
  onObjects(list, localTime) {
    objects.snapshot(list, localTime);
  },
  onJoin(message) {
    names.set(message.id, message.name);
    avatarFor(message.id);
  },
  onLeave(message) {
    removeAvatar(message.id);
  },
  onPose(id, pose, seq, at) {
    avatarFor(id).receive(pose, at);
  },
  onError(error) {
    objects.refused(error);
    if (error.code !== "exists") console.warn("server refused a message:", error.code, error.reason);
  },
  onServerError() {
    hud.serverError();
  },
});

const objects = new SharedObjects({ scene, camera, renderer, room, names, element: renderer.domElement });

// Where an avatar is drawn on screen, in CSS pixels: its head, torso and hands' bounding box.
const box = new THREE.Box3();
const corner = new THREE.Vector3();
function screenBox(id) {
  const avatar = avatars.get(id);
  if (!avatar || !avatar.root.visible) return null;
  box.makeEmpty();
  for (const part of [avatar.head, avatar.torso, avatar.hands.left, avatar.hands.right]) box.expandByObject(part);
  const rect = { left: Infinity, top: Infinity, right: -Infinity, bottom: -Infinity, behind: false };
  for (let i = 0; i < 8; i++) {
    corner.set(i & 1 ? box.max.x : box.min.x, i & 2 ? box.max.y : box.min.y, i & 4 ? box.max.z : box.min.z).project(camera);
    if (corner.z > 1) rect.behind = true;
    const x = ((corner.x + 1) / 2) * window.innerWidth, y = ((1 - corner.y) / 2) * window.innerHeight;
    rect.left = Math.min(rect.left, x);
    rect.right = Math.max(rect.right, x);
    rect.top = Math.min(rect.top, y);
    rect.bottom = Math.max(rect.bottom, y);
  }
  return rect;
}

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
  nameOf(id) {
    return names.get(id) || "";
  },
  get signedInAs() {
    return account && account.signedIn ? account.username : "";
  },
  // PUT /me: the display name (and colour) others see from the next connection on.
  saveProfile(displayName, colour) {
    return profileRequest(config.httpUrl, account, "PUT", { displayName, colour });
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
  get yaw() {
    return controls.yaw;
  },
  get fov() {
    return camera.fov;
  },
  get touch() {
    return touch;
  },
  screenBox,
  get objects() {
    return objects.view();
  },
  get holding() {
    return objects.holding;
  },
  objectScreenPoint(id) {
    return objects.screenPoint(id);
  },
  frames: 0,
  get presenting() {
    return renderer.xr.isPresenting;
  },
};

const quality = new AdaptiveQuality(renderer);
const timer = new THREE.Timer();
renderer.setAnimationLoop((timestamp) => {
  timer.update(timestamp);
  const dt = Math.min(timer.getDelta(), 0.1);
  quality.update(timer.getDelta());
  if (!renderer.xr.isPresenting) controls.update(dt);
  const pose = currentPose(camera, renderer, grips);
  const held = objects.held();
  room.maybeSend(held ? { ...pose, held } : pose);
  const now = performance.now();
  objects.update(now);
  scene.userData.tick(now / 1000);
  for (const avatar of avatars.values()) avatar.update(now, dt);
  hud.stats(avatars.size + (room.id ? 1 : 0), room.updateRate());
  renderer.render(scene, camera);
  window.wrapperXR.frames += 1;
});
