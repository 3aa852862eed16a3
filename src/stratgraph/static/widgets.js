// Names for the form fields the third-party widgets leave unnamed (axe-core's label rules), given when they
// appear: the widgets draw them after load and again on every change.
window.stratgraphLabels = function (rules) {
  function apply() {
    rules.forEach(function (rule) {
      document.querySelectorAll(rule[0]).forEach(function (element) {
        if (!element.getAttribute("aria-label")) { element.setAttribute("aria-label", rule[1]); }
      });
    });
  }
  apply();
  new MutationObserver(apply).observe(document.body, { childList: true, subtree: true });
};
