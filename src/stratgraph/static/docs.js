// Swagger UI for /docs, from the swagger-ui-dist package the service serves itself; no inline script.
window.addEventListener("load", function () {
  window.ui = SwaggerUIBundle({ url: "/openapi.json", dom_id: "#swagger-ui", deepLinking: true });
});
