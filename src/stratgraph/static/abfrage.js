// The SPARQL editor of the query page: YASGUI (from npm, served by the service itself) on our /sparql.
// Our own file, so the page needs no inline script; the named queries come as a JSON data block.
document.addEventListener("DOMContentLoaded", function () {
  var element = document.getElementById("yasgui");
  if (!element || typeof Yasgui === "undefined") { return; }
  var examples = JSON.parse(document.getElementById("beispiele").textContent);
  var endpoint = new URL("/sparql", window.location.href).href;
  Yasgui.Yasqe.defaults.autocompleters = [];  // no look-ups at prefix.cc or other hosts
  var yasgui = new Yasgui(element, {
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: false,
    persistenceId: null,
    // the page's address never sets endpoint, method or headers (a link could make the visitor's browser POST
    // elsewhere); only the query text is taken, into the editor, and runs when the visitor asks
    populateFromUrl: false,
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; } },
  });
  var asked = new URLSearchParams(window.location.search).get("query");
  if (asked) { yasgui.getTab().setQuery(asked); }
  document.querySelectorAll("[data-beispiel]").forEach(function (button) {
    button.addEventListener("click", function () {
      var tab = yasgui.getTab();
      tab.setQuery(examples[button.getAttribute("data-beispiel")]);
      tab.query();
      element.scrollIntoView();
    });
  });
  // one query tab is enough here; the „+“ button inside the tab list breaks its ARIA structure
  element.querySelectorAll(".tabsList .addTab").forEach(function (button) { button.parentElement.remove(); });
  window.stratgraphLabels([
    [".yasqe textarea", "SPARQL-Abfrage"],
    ["input.autocomplete", "SPARQL-Endpunkt"],
    ["select.tableSizer", "Zeilen je Seite"],
  ]);
  document.body.classList.add("editor-bereit");
});
