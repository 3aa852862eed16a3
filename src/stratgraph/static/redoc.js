// ReDoc for /redoc, from the redoc package the service serves itself; no inline script.
window.addEventListener("load", function () {
  window.stratgraphLabels([["redoc select", "Variante des Schemas"]]);
});
