/* Client-side search over titles, sections and transcripts (window.MEDIA_SEARCH, search/index-<lang>.js).
   Persian is matched however it was typed: Arabic ي ى ك as Persian ی ک, with or without ZWNJ (and other
   invisible marks), with or without diacritics and tatweel, alef forms as ا, Persian, Arabic-Indic or
   Latin digits alike, digit-group separators ignored. Both the text and the query go through the same
   normalisation; a map from normalised to original positions lets a hit be highlighted in the original. */
(function () {
  "use strict";
  var DROP = /[\u064B-\u065F\u0670\u0640\u200B-\u200F\u202A-\u202E\u2066-\u2069\u00AD\uFEFF]/;
  var SAME = { "\u064A": "\u06CC", "\u0649": "\u06CC", "\u0643": "\u06A9", "\u0623": "\u0627", "\u0625": "\u0627",
               "\u0671": "\u0627", "\u0622": "\u0627", "\u0629": "\u0647", "\u06C0": "\u0647", "\u0624": "\u0648",
               "\u066B": ".", "\u060C": ",", "\u061B": ";", "\u061F": "?" };
  function digit(ch) {
    var c = ch.charCodeAt(0);
    if (c >= 0x06F0 && c <= 0x06F9) return String(c - 0x06F0);
    if (c >= 0x0660 && c <= 0x0669) return String(c - 0x0660);
    return null;
  }
  function isDigit(ch) { return ch !== undefined && (/[0-9]/.test(ch) || digit(ch) !== null); }

  // -> { text: normalised string, map: index in text -> index in the original }
  function normalise(s) {
    var out = [], map = [];
    for (var i = 0; i < s.length; i++) {
      var ch = s[i];
      if (DROP.test(ch)) continue;
      if ((ch === "\u066C" || ch === "," || ch === "\u060C") && out.length && /[0-9]/.test(out[out.length - 1]) && isDigit(s[i + 1])) continue;
      var d = digit(ch);
      if (d !== null) ch = d;
      else if (SAME[ch]) ch = SAME[ch];
      else ch = ch.toLowerCase();
      if (/\s/.test(ch)) {
        if (!out.length || out[out.length - 1] === " ") continue;
        ch = " ";
      }
      out.push(ch);
      map.push(i);
    }
    return { text: out.join(""), map: map };
  }
  window.mediaNormalise = function (s) { return normalise(s).text; };

  var el = window.mediaEl;  // site.js, loaded first

  function init(root) {
    var data = window.MEDIA_SEARCH;
    if (!data) return;
    var W = data.words;
    var base = root.getAttribute("data-root") || "";
    var form = root.querySelector("[data-search-form]");
    var input = root.querySelector("[data-search-input]");
    var status = root.querySelector("[data-search-status]");
    var list = root.querySelector("[data-search-results]");
    var docs = data.docs.map(function (d) {
      return { d: d, title: normalise(d.t + " " + (d.s || "")).text, body: normalise(d.x || "") };
    });
    var nf = new Intl.NumberFormat(data.lang === "fa" ? "fa-IR" : "en-US");

    function snippet(doc, tokens) {
      var text = doc.d.x || "", hit = -1, len = 0;
      tokens.forEach(function (t) {
        var k = doc.body.text.indexOf(t);
        if (k >= 0 && (hit < 0 || k < hit)) { hit = k; len = t.length; }
      });
      var p = el("p");
      if (hit < 0) { p.textContent = text.slice(0, 160) + (text.length > 160 ? "…" : ""); return p; }
      var start = doc.body.map[hit], end = doc.body.map[hit + len - 1] + 1;
      var from = Math.max(0, start - 70), to = Math.min(text.length, end + 90);
      p.appendChild(document.createTextNode((from > 0 ? "…" : "") + text.slice(from, start)));
      p.appendChild(el("mark", null, text.slice(start, end)));
      p.appendChild(document.createTextNode(text.slice(end, to) + (to < text.length ? "…" : "")));
      return p;
    }

    function run(q) {
      while (list.firstChild) list.removeChild(list.firstChild);
      var tokens = normalise(q).text.split(" ").filter(Boolean);
      if (!tokens.length) { status.textContent = ""; return; }
      var found = [];
      docs.forEach(function (doc) {
        var all = doc.title + " " + doc.body.text;
        if (tokens.every(function (t) { return all.indexOf(t) >= 0; })) {
          var score = tokens.filter(function (t) { return doc.title.indexOf(t) >= 0; }).length;
          found.push({ doc: doc, score: score });
        }
      });
      found.sort(function (a, b) { return b.score - a.score; });
      status.textContent = found.length ? nf.format(found.length) + " " + W.results : W.none;
      found.slice(0, 50).forEach(function (f) {
        var li = el("li");
        var a = el("a", { href: base + f.doc.d.h }, f.doc.d.s || f.doc.d.t);
        li.appendChild(a);
        li.appendChild(el("span", { "class": "where" }, f.doc.d.t + (f.doc.d.k ? (data.lang === "fa" ? "، " : " · ") + f.doc.d.k : "")));
        li.appendChild(snippet(f.doc, tokens));
        list.appendChild(li);
      });
    }

    var timer = null;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { run(input.value); }, 120);
    });
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      run(input.value);
      try { history.replaceState(null, "", "?q=" + encodeURIComponent(input.value)); } catch (e) { /* file:// */ }
    });
    var q = new URLSearchParams(location.search).get("q");
    if (q) { input.value = q; run(q); }
    root.setAttribute("data-ready", "true");
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-search]"), init);
  }
  if (document.readyState !== "loading") start(); else document.addEventListener("DOMContentLoaded", start);
})();
