// A filter box above a time zone <select>: typing hides the zones that do not match.
(() => {
  const bind = (input) => {
    if (input.dataset.tzBound) return;
    input.dataset.tzBound = "1";
    const select = document.getElementById(input.dataset.tzFilter);
    if (!select) return;
    input.addEventListener("input", () => {
      const words = input.value.trim().toLowerCase().replace(/\s+/g, "_");
      let first = null;
      for (const option of select.querySelectorAll("option")) {
        const match = !words || option.value === "" || option.value.toLowerCase().includes(words);
        option.hidden = !match;
        if (match && option.value && !first) first = option;
      }
      for (const group of select.querySelectorAll("optgroup")) {
        group.hidden = !group.querySelector("option:not([hidden])");
      }
      if (words && first && (select.selectedOptions[0]?.hidden ?? true)) first.selected = true;
    });
  };
  const scan = () => document.querySelectorAll("input[data-tz-filter]").forEach(bind);
  document.addEventListener("DOMContentLoaded", scan);
  document.addEventListener("htmx:load", scan);
  scan();
})();
