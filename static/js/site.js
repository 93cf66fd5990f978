// Progressive enhancement only: every page works without this file.
// "/" focuses the search field; typing in it lists matching items from /search/suggest
// as an ARIA combobox (arrows to move, Enter to open, Escape to close).
(function () {
  "use strict";

  document.documentElement.classList.add("js");

  var input = document.querySelector("main [data-search-input]") ||
    document.querySelector("[data-search-input]");
  if (!input) {
    return;
  }

  document.addEventListener("keydown", function (event) {
    if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) {
      return;
    }
    var target = event.target;
    if (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)) {
      return;
    }
    event.preventDefault();
    input.focus();
    input.select();
  });

  var suggestUrl = input.getAttribute("data-suggest-url");
  if (!suggestUrl || !window.fetch) {
    return;
  }

  var list = document.createElement("ul");
  list.id = input.id + "-suggestions";
  list.className = "suggestions";
  list.setAttribute("role", "listbox");
  list.setAttribute("aria-label", "Suggested items");
  list.hidden = true;
  input.parentNode.classList.add("suggest-host");
  input.insertAdjacentElement("afterend", list);
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-controls", list.id);
  input.setAttribute("aria-expanded", "false");

  var timer = null;
  var controller = null;
  var lastQuery = input.value.trim();
  var active = -1;

  function options() {
    return list.querySelectorAll("[role=option]");
  }

  function close() {
    list.hidden = true;
    active = -1;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
  }

  function highlight(index) {
    var all = options();
    if (!all.length) {
      return;
    }
    active = (index + all.length) % all.length;
    all.forEach(function (option, i) {
      option.setAttribute("aria-selected", i === active ? "true" : "false");
    });
    input.setAttribute("aria-activedescendant", all[active].id);
  }

  function open(option) {
    var url = option.getAttribute("data-url");
    // Only same-site paths: a suggestion never sends the reader elsewhere.
    if (url && url.charAt(0) === "/" && url.charAt(1) !== "/") {
      window.location.assign(url);
    }
  }

  function show(suggestions) {
    var items = suggestions.slice(0, 8).map(function (suggestion, i) {
      var title = typeof suggestion === "string" ? suggestion : (suggestion && suggestion.title) || "";
      if (!title) {
        return null;
      }
      var option = document.createElement("li");
      option.id = list.id + "-" + i;
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", "false");
      option.setAttribute("data-url", (suggestion && suggestion.url) || "");
      option.textContent = title;
      if (suggestion && suggestion.issue) {
        var meta = document.createElement("span");
        meta.className = "suggestions__meta";
        meta.textContent = " Issue #" + suggestion.issue;
        option.appendChild(meta);
      }
      return option;
    }).filter(Boolean);
    list.replaceChildren.apply(list, items);
    active = -1;
    input.removeAttribute("aria-activedescendant");
    list.hidden = !items.length;
    input.setAttribute("aria-expanded", items.length ? "true" : "false");
  }

  function fetchSuggestions() {
    var query = input.value.trim();
    if (query === lastQuery) {
      return;
    }
    lastQuery = query;
    if (controller) {
      controller.abort();
    }
    if (query.length < 3 || query.length > 100) {
      close();
      return;
    }
    controller = new AbortController();
    fetch(suggestUrl + "?q=" + encodeURIComponent(query), {
      headers: { Accept: "application/json" },
      signal: controller.signal
    })
      .then(function (response) {
        return response.ok ? response.json() : { suggestions: [] };
      })
      .then(function (data) {
        show(Array.isArray(data.suggestions) ? data.suggestions : []);
      })
      .catch(function () {
        // Suggestions are a nicety: a failed or aborted request changes nothing.
      });
  }

  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(fetchSuggestions, 150);
  });

  input.addEventListener("keydown", function (event) {
    if (list.hidden) {
      return;
    }
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      highlight(active + (event.key === "ArrowDown" ? 1 : -1));
    } else if (event.key === "Enter" && active >= 0) {
      event.preventDefault();
      open(options()[active]);
    } else if (event.key === "Escape") {
      close();
    }
  });

  // mousedown, not click: it comes before the input's blur closes the list.
  list.addEventListener("mousedown", function (event) {
    var option = event.target.closest("[role=option]");
    if (option) {
      event.preventDefault();
      open(option);
    }
  });

  input.addEventListener("blur", close);
})();
