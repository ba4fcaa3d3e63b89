// The bulk upload's drop zone: files dropped on it go into its file input (the
// form posts them as usual), and a line says how many were chosen. Without
// JavaScript the input is a plain multi-file field.
(() => {
  const bind = (zone) => {
    if (zone.dataset.dropBound) return;
    zone.dataset.dropBound = "1";
    const input = zone.querySelector("input[type=file]");
    const summary = zone.querySelector("[data-drop-summary]");
    if (!input) return;
    const show = () => {
      if (!summary) return;
      const files = Array.from(input.files || []);
      const bytes = files.reduce((sum, file) => sum + file.size, 0);
      const template = files.length ? zone.dataset.summary || "" : "";
      summary.textContent = template
        .replace("{count}", String(files.length))
        .replace("{size}", (bytes / 1048576).toFixed(1));
    };
    for (const name of ["dragenter", "dragover"]) {
      zone.addEventListener(name, (event) => {
        event.preventDefault();
        zone.classList.add("is-dragging");
      });
    }
    for (const name of ["dragleave", "drop"]) {
      zone.addEventListener(name, () => zone.classList.remove("is-dragging"));
    }
    zone.addEventListener("drop", (event) => {
      event.preventDefault();
      if (!event.dataTransfer || !event.dataTransfer.files.length) return;
      input.files = event.dataTransfer.files;
      show();
    });
    input.addEventListener("change", show);
  };
  const scan = () => document.querySelectorAll("[data-drop-zone]").forEach(bind);
  document.addEventListener("DOMContentLoaded", scan);
  document.addEventListener("htmx:load", scan);
  scan();
})();
