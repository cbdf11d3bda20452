/* The package site: chapter buttons seek the film or podcast. No inline handlers anywhere (the
   Content-Security-Policy forbids them): behaviour is attached here. */
(function () {
  "use strict";
  // an element with attributes and text (never markup): shared with dashboard.js and search.js
  window.mediaEl = function (tag, attrs, text) {
    var e = document.createElement(tag);
    if (attrs) Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  };
  function ready(fn) {
    if (document.readyState !== "loading") fn(); else document.addEventListener("DOMContentLoaded", fn);
  }
  ready(function () {
    var buttons = document.querySelectorAll("button.seek[data-target]");
    Array.prototype.forEach.call(buttons, function (btn) {
      btn.addEventListener("click", function () {
        var media = document.getElementById(btn.getAttribute("data-target"));
        if (!media) return;
        var at = parseFloat(btn.getAttribute("data-seek")) || 0;
        try { media.currentTime = at; } catch (e) { /* not seekable yet */ }
        var played = media.play();
        if (played && played.catch) played.catch(function () {});
        media.focus();
      });
    });
  });
})();
