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

// An htmx answer carries its outcome in HX-Trigger: {"toast": {"messages": [{"text": ..., "level": ...}]}}
// (core/http.py's done_in_place).
document.addEventListener("toast", (event) => {
  for (const message of event.detail.messages || []) {
    showToast(message.text, message.level);
  }
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
