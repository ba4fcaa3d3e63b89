// RecruitCRM's own script. Loaded from static/ (CSP script-src 'self'): no inline handlers.
document.addEventListener("htmx:configRequest", (event) => {
  // htmx POSTs carry Django's CSRF token from the page's own form field.
  const token = document.querySelector("input[name=csrfmiddlewaretoken]");
  if (token) {
    event.detail.headers["X-CSRFToken"] = token.value;
  }
});

// The sidebar collapses to its icons; a cookie keeps the choice so the next page
// is drawn collapsed by the server (no flash of the wide menu).
document.addEventListener("click", (event) => {
  const toggle = event.target.closest("[data-sidebar-toggle]");
  if (!toggle) {
    return;
  }
  const collapsed = document.documentElement.classList.toggle("sidebar-collapsed");
  toggle.setAttribute("aria-expanded", collapsed ? "false" : "true");
  document.cookie = `sidebar=${collapsed ? "collapsed" : "expanded"}; path=/; max-age=31536000; SameSite=Lax`;
});

// "/" focuses the global search, as in Linear and GitHub, unless the user is typing.
document.addEventListener("keydown", (event) => {
  if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) {
    return;
  }
  const target = event.target;
  if (target.closest("input, textarea, select, [contenteditable=''], [contenteditable='true']")) {
    return;
  }
  const search = document.getElementById("global-search");
  if (search) {
    event.preventDefault();
    search.focus();
    search.select();
  }
});

// Menus are <details> (they open without JavaScript); a click elsewhere or Escape closes them.
document.addEventListener("click", (event) => {
  for (const menu of document.querySelectorAll("details[data-menu][open]")) {
    if (!menu.contains(event.target)) {
      menu.removeAttribute("open");
    }
  }
});
document.addEventListener("keydown", (event) => {
  if (event.key !== "Escape") {
    return;
  }
  for (const menu of document.querySelectorAll("details[data-menu][open]")) {
    menu.removeAttribute("open");
    menu.querySelector("summary").focus();
  }
});
