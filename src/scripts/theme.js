/* global document, window, matchMedia, Element */
// Inlined into <head> so a stored theme applies before first paint (no flash of the wrong theme).
// Without JavaScript the site follows the system setting and the toggle stays hidden.
(function () {
  var root = document.documentElement;
  var query = matchMedia('(prefers-color-scheme: dark)');
  function isDark() {
    var pinned = root.dataset.theme;
    return pinned ? pinned === 'dark' : query.matches;
  }
  function sync() {
    var buttons = document.querySelectorAll('[data-theme-toggle]');
    for (var i = 0; i < buttons.length; i += 1) {
      buttons[i].hidden = false;
      buttons[i].setAttribute('aria-pressed', String(isDark()));
    }
  }
  // The stored choice, or the system setting when there is none (or it was cleared).
  function applyStored() {
    try {
      var stored = localStorage.getItem('theme');
      if (stored === 'light' || stored === 'dark') root.dataset.theme = stored;
      else delete root.dataset.theme;
    } catch {
      // Storage can be blocked (privacy modes); the system setting, or this page's choice, still applies.
    }
  }
  applyStored();
  document.addEventListener('DOMContentLoaded', sync);
  query.addEventListener('change', sync);
  // A choice made in another tab of the site (key null: its storage was cleared) applies here too,
  // and so does one made while this page sat in the back/forward cache, which hears no storage events.
  window.addEventListener('storage', function (event) {
    if (event.key !== 'theme' && event.key !== null) return;
    applyStored();
    sync();
  });
  window.addEventListener('pageshow', function (event) {
    if (!event.persisted) return;
    applyStored();
    sync();
  });
  document.addEventListener('click', function (event) {
    var button = event.target instanceof Element ? event.target.closest('[data-theme-toggle]') : null;
    if (!button) return;
    var next = isDark() ? 'light' : 'dark';
    root.dataset.theme = next;
    try {
      localStorage.setItem('theme', next);
    } catch {
      // Not persisted; the choice still holds for this page.
    }
    sync();
  });
})();
