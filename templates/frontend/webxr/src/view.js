// The camera's field of view for any window shape. three.js fixes the vertical angle, so a tall
// phone screen would see a narrow slice of the world; in portrait the vertical angle widens until
// the horizontal one is reasonable, within a limit that avoids fisheye stretching.
const LANDSCAPE_VFOV = 65; // degrees
const PORTRAIT_HFOV = 70;
const MAX_VFOV = 95;

export function verticalFov(aspect) {
  const fromHorizontal = (2 * Math.atan(Math.tan((PORTRAIT_HFOV * Math.PI) / 360) / aspect) * 180) / Math.PI;
  return Math.min(MAX_VFOV, Math.max(LANDSCAPE_VFOV, fromHorizontal));
}

// A budget of drawn pixels: a phone with a 3x screen would otherwise shade nine pixels per CSS pixel.
const PIXEL_BUDGET = 1.6e6;

export function pixelRatio(width, height, devicePixelRatio = window.devicePixelRatio || 1) {
  return Math.max(1, Math.min(devicePixelRatio, 2, Math.sqrt(PIXEL_BUDGET / (width * height))));
}

export function fitCamera(camera, renderer, width = window.innerWidth, height = window.innerHeight) {
  camera.aspect = width / height;
  camera.fov = verticalFov(camera.aspect);
  camera.updateProjectionMatrix();
  renderer.setPixelRatio(pixelRatio(width, height));
  renderer.setSize(width, height);
}
