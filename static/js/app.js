// RecruitCRM's own script. Loaded from static/ (CSP script-src 'self'): no inline handlers.
document.documentElement.classList.add("js");

document.addEventListener("htmx:configRequest", (event) => {
  // htmx POSTs carry Django's CSRF token from the page's own form field.
  const token = document.querySelector("input[name=csrfmiddlewaretoken]");
  if (token) {
    event.detail.headers["X-CSRFToken"] = token.value;
  }
});

// Toasts: the #toasts region of templates/_layout/base.html (role=status, aria-live).
// Successes leave by themselves after a while; errors stay until closed.
const TOAST_SECONDS = 8;

function toastRegion() {
  return document.getElementById("toasts");
}

function dismissLater(toast) {
  if (toast.dataset.level === "error") {
    return;
  }
  window.setTimeout(() => toast.remove(), TOAST_SECONDS * 1000);
}

function showToast(text, level) {
  const region = toastRegion();
  if (!region || !text) {
    return;
  }
  const toast = document.createElement("div");
  const kind = level === "error" ? "danger" : level || "info";
  toast.className = `alert alert-${kind} alert-dismissible toast-item`;
  toast.dataset.level = level || "info";
  if (level === "error") {
    toast.setAttribute("role", "alert");
  }
  toast.append(document.createTextNode(text));
  const close = document.createElement("button");
  close.type = "button";
  close.className = "btn-close";
  close.setAttribute("aria-label", region.dataset.closeLabel || "Close");
  close.addEventListener("click", () => toast.remove());
  toast.append(close);
  region.append(toast);
  dismissLater(toast);
}

// Whether the page already shows ``text`` outside the toasts (a region that redraws with its outcome inside).
function shownInPlace(text) {
  for (const el of document.querySelectorAll("main .alert, main [role=status], main [role=alert]")) {
    if (!el.closest("#toasts") && el.getClientRects().length > 0 && el.textContent.trim() === text) {
      return true;
    }
  }
  return false;
}

// Said to screen readers only: the polite region announces it, the page already shows it.
function announce(text) {
  const region = toastRegion();
  if (!region) {
    return;
  }
  const note = document.createElement("div");
  note.className = "visually-hidden";
  note.textContent = text;
  region.append(note);
  window.setTimeout(() => note.remove(), TOAST_SECONDS * 1000);
}

// An htmx answer carries its outcome in HX-Trigger: {"toast": {"messages": [{"text": ..., "level": ...}]}}
// (core/http.py's done_in_place). It arrives before the swap; once the answer has settled, a
// message the redrawn region shows itself is announced, not shown twice.
document.addEventListener("toast", (event) => {
  const messages = event.detail.messages || [];
  window.setTimeout(() => {
    for (const message of messages) {
      if (shownInPlace(message.text)) {
        announce(message.text);
      } else {
        showToast(message.text, message.level);
      }
    }
  }, 100);
});

// A request that failed says so: a server error, a refusal htmx does not swap, no answer, or too late.
function failed(key) {
  const region = toastRegion();
  if (region) {
    showToast(region.dataset[key], "error");
  }
}
document.addEventListener("htmx:responseError", (event) => {
  failed(event.detail.xhr.status >= 500 ? "serverError" : "refusedError");
});
document.addEventListener("htmx:sendError", () => failed("networkError"));
document.addEventListener("htmx:timeout", () => failed("timeoutError"));

// A form answered with errors puts the cursor on its first invalid field: after a page load
// (a plain POST) and after htmx swaps a form back in.
function focusFirstInvalid(root) {
  const field = root.querySelector(
    "input.is-invalid, select.is-invalid, textarea.is-invalid, [aria-invalid=true]",
  );
  if (field && !field.contains(document.activeElement)) {
    field.focus();
  }
}
document.addEventListener("htmx:afterSettle", (event) => {
  const target = event.detail.target;
  if (target && target.isConnected) {
    focusFirstInvalid(target);
  } else {
    focusFirstInvalid(document);
  }
});
document.addEventListener("DOMContentLoaded", () => {
  for (const toast of document.querySelectorAll("#toasts .toast-item")) {
    dismissLater(toast);
  }
  if (!document.querySelector("[autofocus]")) {
    focusFirstInvalid(document);
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
