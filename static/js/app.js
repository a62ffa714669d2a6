// Start the design system's components (menus, accordions). The pages work without it.
if (window.DKFDS && typeof window.DKFDS.init === "function") {
  window.DKFDS.init();
}

// A region marked data-poll (for example "the PDF is being produced") fetches the page again
// every few seconds and replaces itself, until the new version no longer asks to be polled.
// Without JavaScript the page says to reload it.
(function () {
  var region = document.querySelector("[data-poll]");
  if (!region || !window.fetch || !window.DOMParser) {
    return;
  }
  var delay = parseInt(region.getAttribute("data-poll"), 10) || 3000;
  function poll() {
    fetch(window.location.href, { credentials: "same-origin", cache: "no-store" })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (text) {
        if (text === null) { return; }
        var fresh = new DOMParser().parseFromString(text, "text/html").getElementById(region.id);
        if (!fresh) { return; }
        region.innerHTML = fresh.innerHTML;
        if (fresh.hasAttribute("data-poll")) {
          window.setTimeout(poll, delay);
        } else {
          region.removeAttribute("data-poll");
        }
      })
      .catch(function () { window.setTimeout(poll, delay * 2); });
  }
  window.setTimeout(poll, delay);
})();
