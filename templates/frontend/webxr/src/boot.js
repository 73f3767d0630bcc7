// Loaded before the module graph: if three.js cannot load (no node_modules), say what to do
// instead of leaving a blank page. A plain file, not inline, so a strict CSP can stay strict.
window.addEventListener(
  "error",
  (e) => {
    if (String(e.message || "").includes("three") || (e.target && e.target.tagName === "SCRIPT")) {
      const missing = document.getElementById("missing");
      if (missing) missing.hidden = false;
    }
  },
  true,
);
