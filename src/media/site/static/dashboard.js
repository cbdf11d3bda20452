/* The interactive dashboard: the plans side by side, each a bar made of the categories of challenges
   (or expected outcomes) it lists, drawn by Chart.js on a canvas (which lays Persian labels out right in
   rtl pages); filters by plan and category; tooltips with what each category holds and its source;
   keyboard navigation over the segments with a live region; and two tables that hold the same data
   (and the package's figures with their sources) for screen readers, and everyone else.
   Data: window.MEDIA_DASHBOARD (data/dashboard-<lang>.js). Text is only ever set as textContent. */
(function () {
  "use strict";

  // for a category whose house colour another visible category already has (financial and economic)
  var SPARE = ["#2E7D32", "#AD1457", "#00838F", "#5E35B1", "#6D4C41", "#F57C00", "#455A64"];

  var el = window.mediaEl;  // site.js, loaded first

  function init(root) {
    var data = window.MEDIA_DASHBOARD;
    if (!data || !root) return;
    var lang = data.lang, rtl = lang === "fa", W = data.words;
    var nf = new Intl.NumberFormat(rtl ? "fa-IR" : "en-US", { maximumFractionDigits: 3 });
    var base = root.getAttribute("data-root") || "";
    var current = root.getAttribute("data-current") || "";
    var form = root.querySelector("[data-dash-controls]");
    var plansBox = root.querySelector("[data-dash-plans]");
    var catsBox = root.querySelector("[data-dash-categories]");
    var box = root.querySelector("[data-dash-chartbox]");
    var canvas = root.querySelector("[data-dash-canvas]");
    var live = root.querySelector("[data-dash-live]");
    var countsTable = root.querySelector("[data-dash-counts]");
    var figuresTable = root.querySelector("[data-dash-figures]");

    function checkbox(container, name, value, label, checked) {
      var l = el("label");
      var input = el("input", { type: "checkbox", name: name, value: value });
      input.checked = checked;
      l.appendChild(input);
      l.appendChild(document.createTextNode(" " + label));
      container.appendChild(l);
    }
    data.plans.forEach(function (p) { checkbox(plansBox, "plan", p.id, p.label, true); });
    var unchecked = {};  // categories the visitor switched off, kept across measures
    function categoryBoxes() {  // only the categories the chosen measure has
      Array.prototype.forEach.call(catsBox.querySelectorAll("label"), function (l) { catsBox.removeChild(l); });
      var ms = measure();
      data.categories.forEach(function (c) {
        if (data.counts.some(function (n) { return n.measure === ms && n.category === c.id; })) {
          checkbox(catsBox, "category", c.id, c.label, !unchecked[c.id]);
        }
      });
    }

    function selected(name) {
      return Array.prototype.filter.call(form.querySelectorAll("input[name='" + name + "']"), function (i) {
        return i.checked;
      }).map(function (i) { return i.value; });
    }
    function measure() {
      var m = form.querySelector("input[name='measure']:checked");
      return m ? m.value : "challenges";
    }

    var view = null;  // what is drawn now: plans (the bars), categories (their segments), cells
    function compute() {
      var ms = measure(), plans = selected("plan"), cats = selected("category");
      var ps = data.plans.filter(function (p) { return plans.indexOf(p.id) >= 0; });
      var used = data.categories.filter(function (c) {
        return cats.indexOf(c.id) >= 0 && data.counts.some(function (n) {
          return n.measure === ms && n.category === c.id && plans.indexOf(n.plan) >= 0;
        });
      });
      var cell = {};
      data.counts.forEach(function (n) {
        if (n.measure === ms) cell[n.plan + "\u0000" + n.category] = n;
      });
      return { measure: ms, plans: ps, categories: used, cell: cell };
    }
    function at(v, p, c) { return v.cell[p.id + "\u0000" + c.id]; }
    function sep() { return rtl ? "، " : ", "; }

    // ---- tables -----------------------------------------------------------------------------------
    function clearTable(t) {
      Array.prototype.slice.call(t.children).forEach(function (ch) { if (ch.tagName !== "CAPTION") t.removeChild(ch); });
    }
    function head(t, names) {
      var thead = el("thead"), tr = el("tr");
      names.forEach(function (h) { tr.appendChild(el("th", { scope: "col" }, h)); });
      thead.appendChild(tr);
      t.appendChild(thead);
    }
    function drawCounts(v) {
      clearTable(countsTable);
      head(countsTable, [W.plan, W.category, W.listed, W.items, W.source]);
      var tbody = el("tbody");
      v.plans.forEach(function (p) {
        v.categories.forEach(function (c) {
          var n = at(v, p, c);
          if (!n) return;
          var row = el("tr", { "data-plan": p.id, "data-category": c.id });
          row.appendChild(el("th", { scope: "row" }, p.label));
          row.appendChild(el("td", null, c.label));
          row.appendChild(el("td", { "class": "n" }, nf.format(n.count)));
          row.appendChild(el("td", null, n.items.join(rtl ? "؛ " : "; ")));
          row.appendChild(el("td", null, n.source || ""));
          tbody.appendChild(row);
        });
      });
      countsTable.appendChild(tbody);
    }
    function drawFigures(v) {
      clearTable(figuresTable);
      head(figuresTable, [W.plan, W.figure, W.status, W.source]);
      var tbody = el("tbody");
      var chosen = v.plans.map(function (p) { return p.id; });
      var rows = data.figures.filter(function (f) { return chosen.indexOf(f.plan) >= 0; });
      rows.sort(function (a, b) { return (b.plan === current) - (a.plan === current); });  // this page's plan first
      rows.forEach(function (f) {
        var row = el("tr", { "data-figure": f.plan + "/" + f.id });
        var plan = data.plans.filter(function (p) { return p.id === f.plan; })[0];
        row.appendChild(el("th", { scope: "row" }, plan ? plan.label : f.plan));
        var what = el("td");
        what.appendChild(el("strong", null, f.number));
        what.appendChild(document.createTextNode(" " + f.label));
        row.appendChild(what);
        row.appendChild(el("td", null, f.status_label + (f.draft ? sep() + W.draft : "")));
        row.appendChild(el("td", null, f.source || ""));
        tbody.appendChild(row);
      });
      figuresTable.appendChild(tbody);
    }

    // ---- chart: one horizontal bar per plan, one segment per category ---------------------------------
    var chart = null;
    function drawChart(v) {
      if (typeof window.Chart === "undefined") return;
      var Chart = window.Chart;
      box.style.height = Math.max(200, v.plans.length * 46 + 130) + "px";
      var used = {}, spare = SPARE.slice();
      var datasets = v.categories.map(function (c) {
        var colour = c.colour;
        if (used[colour]) colour = spare.shift() || colour;  // two categories of one colour side by side
        used[colour] = true;
        return {
          label: c.label, categoryId: c.id, backgroundColor: colour, borderColor: "#ffffff", borderWidth: 1,
          maxBarThickness: 30, data: v.plans.map(function (p) { var n = at(v, p, c); return n ? n.count : 0; })
        };
      });
      var font = { family: "Vazirmatn, system-ui, sans-serif", size: 13 };
      var config = {
        type: "bar",
        data: { labels: v.plans.map(function (p) { return p.label; }), datasets: datasets },
        options: {
          indexAxis: "y", responsive: true, maintainAspectRatio: false, animation: false,
          locale: rtl ? "fa-IR" : "en-US",
          scales: {
            x: { stacked: true, reverse: rtl, beginAtZero: true,
                 ticks: { precision: 0, font: font, callback: function (value) { return nf.format(value); } },
                 title: { display: true, text: W.axis[v.measure], font: font } },
            y: { stacked: true, position: rtl ? "right" : "left",
                 ticks: { font: { family: font.family, size: 13, weight: "bold" } } }
          },
          plugins: {
            legend: { position: "top", rtl: rtl, textDirection: rtl ? "rtl" : "ltr", labels: { font: font, boxWidth: 14 } },
            tooltip: {
              rtl: rtl, textDirection: rtl ? "rtl" : "ltr", titleFont: font, bodyFont: font, footerFont: font,
              filter: function (item) { return item.raw > 0; },
              callbacks: {
                title: function (items) { return items.length ? wrap(v.plans[items[0].dataIndex].title, width()) : ""; },
                label: function (ctx) { return describe(v, ctx.dataIndex, ctx.datasetIndex, false); },
                afterLabel: function (ctx) {
                  var n = at(v, v.plans[ctx.dataIndex], v.categories[ctx.datasetIndex]);
                  return n ? wrap(n.items.join(rtl ? "؛ " : "; "), width()) : [];
                },
                footer: function (items) {
                  if (!items.length) return "";
                  var n = at(v, v.plans[items[0].dataIndex], v.categories[items[0].datasetIndex]);
                  return n && n.source ? wrap(W.source + ": " + n.source, width()) : "";
                }
              }
            }
          }
        }
      };
      if (chart) chart.destroy();
      Chart.defaults.font.family = font.family;
      chart = new Chart(canvas, config);
    }
    function width() {  // characters per tooltip line that fit the chart (about 8 px each at 13 px)
      return Math.max(22, Math.min(64, Math.floor((box.clientWidth - 40) / 8)));
    }
    function wrap(text, width) {  // tooltip lines of at most `width` characters, broken at spaces
      var out = [], line = "";
      text.split(" ").forEach(function (w) {
        if (line && (line + " " + w).length > width) { out.push(line); line = w; } else { line = line ? line + " " + w : w; }
      });
      if (line) out.push(line);
      return out;
    }

    function describe(v, pi, ci, withSource) {
      var p = v.plans[pi], c = v.categories[ci];
      var n = at(v, p, c);
      var text = p.label + sep() + c.label + ": " + nf.format(n ? n.count : 0) + " " + W.units[v.measure];
      if (withSource && n) text += ". " + n.items.join(rtl ? "؛ " : "; ") + (n.source ? ". " + W.source + ": " + n.source : "");
      return text;
    }

    // keyboard: Up/Down go from plan to plan, Right/Left (mirrored in rtl) from segment to segment,
    // Home/End, Escape; empty segments are skipped. A live region reads the segment out.
    var focus = null;
    function segments(v) {
      var out = [];
      v.plans.forEach(function (p, pi) {
        v.categories.forEach(function (c, ci) { if (at(v, p, c)) out.push({ pi: pi, ci: ci }); });
      });
      return out;
    }
    function show() {
      var segs = view ? segments(view) : [];
      if (!segs.length) { live.textContent = ""; return; }
      if (!focus) focus = segs[0];
      live.textContent = describe(view, focus.pi, focus.ci, true);
      if (!chart) return;
      var active = [{ datasetIndex: focus.ci, index: focus.pi }];
      chart.setActiveElements(active);
      var meta = chart.getDatasetMeta(focus.ci);
      var bar = meta && meta.data[focus.pi];
      chart.tooltip.setActiveElements(active, bar ? { x: bar.x, y: bar.y } : { x: 0, y: 0 });
      chart.update();
    }
    box.addEventListener("keydown", function (ev) {
      var segs = view ? segments(view) : [];
      if (!segs.length) return;
      var k = focus ? segs.findIndex(function (s) { return s.pi === focus.pi && s.ci === focus.ci; }) : 0;
      if (k < 0) k = 0;
      var step = { ArrowRight: rtl ? -1 : 1, ArrowLeft: rtl ? 1 : -1 }[ev.key];
      if (step) { focus = segs[(k + step + segs.length) % segs.length]; }
      else if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
        var dir = ev.key === "ArrowDown" ? 1 : -1, np = view.plans.length, pi = segs[k].pi;
        for (var i = 1; i <= np; i++) {
          var target = (pi + dir * i + np) % np;
          var hit = segs.filter(function (s) { return s.pi === target; })[0];
          if (hit) { focus = hit; break; }
        }
      }
      else if (ev.key === "Home") { focus = segs[0]; }
      else if (ev.key === "End") { focus = segs[segs.length - 1]; }
      else if (ev.key === "Escape") {
        live.textContent = "";
        if (chart) { chart.setActiveElements([]); chart.tooltip.setActiveElements([], { x: 0, y: 0 }); chart.update(); }
        return;
      } else { return; }
      ev.preventDefault();
      show();
    });
    box.addEventListener("focus", function () { show(); });

    function redraw() {
      view = compute();
      focus = null;
      drawCounts(view);
      drawFigures(view);
      drawChart(view);
    }
    form.addEventListener("change", function (ev) {
      var t = ev.target;
      if (t && t.name === "category") unchecked[t.value] = !t.checked;
      if (t && t.name === "measure") categoryBoxes();
      redraw();
    });
    form.addEventListener("submit", function (ev) { ev.preventDefault(); });
    var fonts = document.fonts && document.fonts.load ? document.fonts.load("16px Vazirmatn") : null;
    categoryBoxes();
    redraw();  // tables at once; the chart again once the font is there (canvas text needs it loaded)
    if (fonts) fonts.then(function () { drawChart(view); }, function () {});
    root.setAttribute("data-ready", "true");
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-dashboard]"), init);
  }
  if (document.readyState !== "loading") start(); else document.addEventListener("DOMContentLoaded", start);
})();
