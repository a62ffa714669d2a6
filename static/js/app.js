// Start the design system's components (menus, accordions). The pages work without it.
if (window.DKFDS && typeof window.DKFDS.init === "function") {
  window.DKFDS.init();
}
