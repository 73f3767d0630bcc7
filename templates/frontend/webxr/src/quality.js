// Keeping the frame rate on weak devices: when frames take long, the shadow map (the most costly
// pass) is redrawn only every few frames. Shadows stay on screen, they just follow movers a little later.
const SLOW_FRAME_S = 1 / 40;
const SHADOW_EVERY = 4;

export class AdaptiveQuality {
  constructor(renderer) {
    this.renderer = renderer;
    this.average = 1 / 60;
    this.frame = 0;
    this.reduced = false;
  }

  update(dt) {
    this.frame += 1;
    this.average += (dt - this.average) * 0.1;
    // Hysteresis: reduce when clearly slow, restore only when clearly fast again.
    if (!this.reduced && this.frame > 20 && this.average > SLOW_FRAME_S) this.reduced = true;
    else if (this.reduced && this.average < SLOW_FRAME_S / 2) this.reduced = false;
    const shadows = this.renderer.shadowMap;
    shadows.autoUpdate = !this.reduced;
    if (this.reduced && this.frame % SHADOW_EVERY === 0) shadows.needsUpdate = true;
  }
}
