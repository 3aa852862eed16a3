// Swagger UI for /docs, from the swagger-ui-dist package the service serves itself; no inline script.
// No deep links: they put a link inside each operation's button, which screen readers cannot reach.
window.addEventListener("load", function () {
  window.ui = SwaggerUIBundle({ url: "/openapi.json", dom_id: "#swagger-ui", deepLinking: false });
  window.stratgraphLabels([]);
});
