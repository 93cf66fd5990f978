// Progressive enhancement only: every page works without this file.
// "/" focuses the search field; typing in it offers suggestions from /search/suggest.
(function () {
  "use strict";

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
  var list = document.createElement("datalist");
  list.id = input.id + "-suggestions";
  input.insertAdjacentElement("afterend", list);
  input.setAttribute("list", list.id);

  var timer = null;
  var controller = null;
  var lastQuery = "";

  function suggestionText(suggestion) {
    if (typeof suggestion === "string") {
      return suggestion;
    }
    return (suggestion && (suggestion.text || suggestion.word || suggestion.title)) || "";
  }

  function show(suggestions) {
    var options = [];
    suggestions.slice(0, 8).forEach(function (suggestion) {
      var text = suggestionText(suggestion);
      if (text) {
        var option = document.createElement("option");
        option.value = text;
        options.push(option);
      }
    });
    list.replaceChildren.apply(list, options);
  }

  function fetchSuggestions() {
    var query = input.value.trim();
    if (query === lastQuery) {
      return;
    }
    lastQuery = query;
    if (query.length < 2 || query.length > 100) {
      show([]);
      return;
    }
    if (controller) {
      controller.abort();
    }
    controller = window.AbortController ? new AbortController() : null;
    fetch(suggestUrl + "?q=" + encodeURIComponent(query), {
      headers: { Accept: "application/json" },
      signal: controller ? controller.signal : undefined
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
})();
