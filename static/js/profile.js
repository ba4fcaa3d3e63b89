// The profile's side panel (work history and education): an entry saved or
// removed there redraws the history, and the panel has done its job.
(function () {
  "use strict";
  document.addEventListener("htmx:afterSwap", (event) => {
    const target = event.detail && event.detail.target;
    if (!target || target.id !== "profile-history") return;
    const panel = document.getElementById("profile-panel");
    if (panel && window.bootstrap && panel.classList.contains("show")) {
      window.bootstrap.Offcanvas.getOrCreateInstance(panel).hide();
    }
  });
})();
