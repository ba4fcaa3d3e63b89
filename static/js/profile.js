// The profile's side panel (work history and education, consents): an entry
// saved or removed there redraws its region, and the panel has done its job.
(function () {
  "use strict";
  document.addEventListener("htmx:afterSwap", (event) => {
    const target = event.detail && event.detail.target;
    if (!target || (target.id !== "profile-history" && target.id !== "profile-consents")) return;
    const panel = document.getElementById("profile-panel");
    if (panel && window.bootstrap && panel.classList.contains("show")) {
      window.bootstrap.Offcanvas.getOrCreateInstance(panel).hide();
    }
  });
})();
