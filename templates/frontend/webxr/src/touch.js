// A virtual thumb stick for touch screens: press in the round pad and drag; the knob follows the
// thumb and `vector` reports the direction (x right, y forward), each -1..1.
const DEAD_ZONE = 0.12;

export class ThumbStick {
  constructor(pad, knob) {
    this.pad = pad;
    this.knob = knob;
    this.vector = { x: 0, y: 0 };
    this.pointer = null;
    pad.addEventListener("pointerdown", (e) => {
      e.preventDefault();
      e.stopPropagation();
      this.pointer = e.pointerId;
      pad.setPointerCapture(e.pointerId);
      this.follow(e);
    });
    pad.addEventListener("pointermove", (e) => e.pointerId === this.pointer && this.follow(e));
    const release = (e) => {
      if (e.pointerId !== this.pointer) return;
      this.pointer = null;
      this.vector = { x: 0, y: 0 };
      this.knob.style.transform = "translate(-50%, -50%)";
      pad.classList.remove("active");
    };
    pad.addEventListener("pointerup", release);
    pad.addEventListener("pointercancel", release);
  }

  follow(e) {
    const box = this.pad.getBoundingClientRect();
    const radius = box.width / 2;
    let dx = (e.clientX - (box.left + radius)) / radius;
    let dy = (e.clientY - (box.top + radius)) / radius;
    const length = Math.hypot(dx, dy);
    if (length > 1) {
      dx /= length;
      dy /= length;
    }
    const active = Math.hypot(dx, dy) > DEAD_ZONE;
    this.vector = active ? { x: dx, y: -dy } : { x: 0, y: 0 };
    this.knob.style.transform = `translate(calc(-50% + ${dx * radius * 0.6}px), calc(-50% + ${dy * radius * 0.6}px))`;
    this.pad.classList.add("active");
  }
}

// A touch device is one whose main pointer is coarse (a finger), whatever its size.
export function isTouchDevice() {
  return window.matchMedia("(pointer: coarse)").matches || navigator.maxTouchPoints > 0;
}
