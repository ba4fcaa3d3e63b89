// Pipeline board: drag a card to another column to move it. Progressive
// enhancement over the move forms of each card's actions panel, which work
// without this file. The board carries one move URL with a placeholder for
// the card's public id (the card's id is "application-<public id>").
// Loaded from static/ (CSP script-src 'self'): no inline handlers.
(function () {
  "use strict";

  function csrfToken() {
    const input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function showError(message) {
    const region = document.getElementById("board-alert");
    if (!region) return;
    const alert = document.createElement("div");
    alert.className = "alert alert-danger";
    alert.setAttribute("role", "alert");
    alert.textContent = message;
    region.replaceChildren(alert);
  }

  // Put the server's version of a region in place of ours.
  function replaceFrom(fragment, id) {
    const fresh = fragment.querySelector("#" + CSS.escape(id));
    const current = document.getElementById(id);
    if (!fresh || !current) return;
    current.replaceWith(fresh);
    if (window.htmx) window.htmx.process(fresh);
    init(fresh);
  }

  function restore(event) {
    event.from.insertBefore(event.item, event.from.children[event.oldIndex] || null);
  }

  async function onEnd(event) {
    if (event.from === event.to) return;
    const fromColumn = event.from.closest(".board-column").id;
    const toColumn = event.to.closest(".board-column").id;
    const board = document.getElementById("board-columns");
    const publicId = event.item.id.replace(/^application-/, "");
    const moveUrl = board.dataset.moveUrlTemplate.replace(board.dataset.moveUrlPlaceholder, publicId);
    const body = new FormData();
    body.append("stage", event.to.dataset.stage);
    let response;
    try {
      response = await fetch(moveUrl, {
        method: "POST",
        body: body,
        credentials: "same-origin",
        headers: { "X-CSRFToken": csrfToken(), "HX-Request": "true" },
      });
    } catch (error) {
      response = null;
    }
    if (!response || !response.ok) {
      restore(event);
      showError(document.getElementById("board-columns").dataset.refusedMessage);
      return;
    }
    // The answer is the whole columns region; a refusal comes back with the
    // card still in its old column and the message in the alert region.
    const fragment = document.createElement("template");
    fragment.innerHTML = await response.text();
    replaceFrom(fragment.content, "board-alert");
    replaceFrom(fragment.content, fromColumn);
    replaceFrom(fragment.content, toColumn);
  }

  function init(root) {
    const board = document.getElementById("board-columns");
    if (!window.Sortable || !board || !board.hasAttribute("data-draggable")) return;
    root.querySelectorAll(".board-cards:not([data-sortable])").forEach((list) => {
      list.setAttribute("data-sortable", "");
      window.Sortable.create(list, {
        group: "board",
        sort: false,
        filter: ".board-empty, .board-actions, a, button, select, textarea, input, summary",
        preventOnFilter: false,
        onEnd: onEnd,
      });
    });
  }

  // "Undo" after a rejection is offered for a few seconds only.
  const UNDO_SECONDS = 8;
  function expireUndo(root) {
    root.querySelectorAll("[data-undo]:not([data-expiring])").forEach((form) => {
      form.setAttribute("data-expiring", "");
      window.setTimeout(() => form.remove(), UNDO_SECONDS * 1000);
    });
  }

  // An action taken in the side panel redraws the columns: the panel has done its job.
  function closePanel(event) {
    const target = event.detail && event.detail.target;
    if (!target || target.id !== "board-columns") return;
    const panel = document.getElementById("board-panel");
    if (panel && window.bootstrap && panel.classList.contains("show")) {
      window.bootstrap.Offcanvas.getOrCreateInstance(panel).hide();
    }
  }

  document.addEventListener("DOMContentLoaded", () => {
    init(document);
    expireUndo(document);
  });
  document.addEventListener("htmx:afterSwap", closePanel);
  document.addEventListener("htmx:afterSettle", () => expireUndo(document));
  // htmx swaps (filters, actions panels) bring in new lists.
  document.addEventListener("htmx:afterSettle", () => init(document));
})();
