// The SPARQL editor of the query page: YASGUI (from npm, served by the service itself) on our /sparql.
// Our own file, so the page needs no inline script; the named queries come as a JSON data block.
document.addEventListener("DOMContentLoaded", function () {
  var element = document.getElementById("yasgui");
  if (!element || typeof Yasgui === "undefined") { return; }
  var examples = JSON.parse(document.getElementById("beispiele").textContent);
  var endpoint = new URL("/sparql", window.location.href).href;
  Yasgui.Yasqe.defaults.autocompleters = [];  // no look-ups at prefix.cc or other hosts
  // the result table in German (DataTables' own words)
  var table = Yasgui.Yasr.plugins.table;
  if (table && table.defaults && table.defaults.tableConfig) {
    table.defaults.tableConfig.language = Object.assign({}, table.defaults.tableConfig.language, {
      search: "Suchen:", lengthMenu: "_MENU_ Zeilen je Seite", info: "Zeilen _START_ bis _END_ von _TOTAL_",
      infoEmpty: "keine Zeilen", infoFiltered: "(aus _MAX_)", zeroRecords: "keine Treffer",
      emptyTable: "keine Ergebnisse",
    });
  }
  var yasgui = new Yasgui(element, {
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: false,
    persistenceId: null,
    // the page's address never sets endpoint, method or headers (a link could make the visitor's browser POST
    // elsewhere); only the query text is taken, into the editor, and runs when the visitor asks
    populateFromUrl: false,
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; } },
  });
  // values as people read them: literals without their datatype or language tag (the „Response“ view keeps them)
  var yasr = yasgui.getTab().getYasr();
  if (yasr && yasr.plugins && yasr.plugins.table) {
    yasr.plugins.table.persistentConfig.compact = true;
  }
  var words = {
    "Table": "Tabelle", "Response": "Antwort", "Simple view": "Einfache Ansicht", "Ellipse": "Kürzen",
    "Filter query results": "Ergebnisse filtern", "Page size:": "Zeilen je Seite:",
    "Download result": "Ergebnis herunterladen", "Query": "Abfrage",
  };
  var timing = /^(\d+) results? in ([\d.]+) seconds?$/;  // „1 result in 0.063 seconds“
  function german() {
    // YASGUI's own words (its buttons, switches, placeholders) in German; the result box scrolls by itself and is
    // reachable by keyboard (a scrolling region has to be, axe: scrollable-region-focusable)
    element.querySelectorAll(".yasr_header *, .yasr .dataTables_wrapper label, .yasr_btn, .tabsList a, .tabsList span")
      .forEach(function (node) {
      node.childNodes.forEach(function (child) {
        var text = child.nodeType === 3 ? child.textContent.trim() : "";
        if (text && words[text]) { child.textContent = child.textContent.replace(text, words[text]); }
        var found = text && timing.exec(text);
        if (found) {
          var seconds = Number(found[2]).toLocaleString("de-DE", { maximumFractionDigits: 3 });
          child.textContent = found[1] + (found[1] === "1" ? " Ergebnis" : " Ergebnisse") + " in " + seconds + " s";
        }
      });
      ["title", "aria-label", "placeholder"].forEach(function (name) {
        var value = node.getAttribute && node.getAttribute(name);
        if (value && words[value]) { node.setAttribute(name, words[value]); }
      });
    });
    // the editor's scrolling area (CodeMirror gives it tabindex -1): a tab stop that puts the cursor into the editor
    element.querySelectorAll(".CodeMirror-scroll[tabindex='-1']").forEach(function (area) {
      area.setAttribute("tabindex", "0");
      area.setAttribute("aria-label", "SPARQL-Abfrage bearbeiten");
      area.addEventListener("focus", function () { yasgui.getTab().getYasqe().focus(); });
    });
    element.querySelectorAll(".yasr_results").forEach(function (box) {
      if (!box.hasAttribute("tabindex")) {
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", "Ergebnis der Abfrage");
      }
    });
  }
  german();
  new MutationObserver(german).observe(element, { childList: true, subtree: true });
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
