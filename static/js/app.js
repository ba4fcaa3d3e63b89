// RecruitCRM's own script. Loaded from static/ (CSP script-src 'self'): no inline handlers.
document.addEventListener("htmx:configRequest", (event) => {
  // htmx POSTs carry Django's CSRF token from the page's own form field.
  const token = document.querySelector("input[name=csrfmiddlewaretoken]");
  if (token) {
    event.detail.headers["X-CSRFToken"] = token.value;
  }
});
