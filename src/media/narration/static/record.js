/* The recording page of `media serve`: a teleprompter, the microphone, uploads with the per-run key. */
(function () {
  "use strict";
  var node = document.getElementById("data");
  var key = (location.hash.match(/key=([A-Za-z0-9_-]+)/) || [])[1] || "";
  if (!node) {  // the index: carry the key on to the pages it links
    Array.prototype.forEach.call(document.querySelectorAll("a.sb"), function (a) {
      if (key) a.href = a.getAttribute("href") + "#key=" + key;
    });
    return;
  }
  var data = JSON.parse(node.textContent);
  var w = data.words;
  var units = data.units;
  var $ = function (id) { return document.getElementById(id); };
  var i = 0;
  var recorder = null;
  var chunks = [];
  var started = 0;
  var timer = null;
  var stream = null;
  var busy = false;
  var wanted = (location.hash.match(/unit=([a-z0-9-]+)/) || [])[1];
  for (var k = 0; k < units.length; k++) {
    if (wanted ? units[k].id === wanted : units[k].state !== "recorded") { i = k; break; }
  }
  if (!key) $("nokey").hidden = false;
  var digits = data.lang === "fa" ? "۰۱۲۳۴۵۶۷۸۹" : "0123456789";
  function num(x) {  // Persian digits and decimal separator (٫) in a Persian page
    var t = String(x).replace(/[0-9]/g, function (d) { return digits[+d]; });
    return data.lang === "fa" ? t.replace(".", "\u066b") : t;
  }
  var comma = data.lang === "fa" ? "\u060c " : ", ";
  function say(text) { $("status").textContent = text; }

  function show() {
    var u = units[i];
    if (!u) return;
    $("current").textContent = u.text;
    $("before").textContent = i > 0 ? units[i - 1].text : w.start;
    $("after").textContent = i < units.length - 1 ? units[i + 1].text : w.end;
    $("kind").textContent = w[u.kind];
    $("speaker").textContent = w[u.speaker];
    $("uid").textContent = u.id;
    $("expected").textContent = w.expected + " " + num(u.expected_s) + " " + w.seconds;
    $("state").textContent = w[u.state] + (u.take ? " (" + w.take + " " + num(u.take) + ")" : "");
    $("state").className = "state " + u.state;
    document.body.dataset.state = u.state;
    $("record").textContent = recorder ? w.stop : (u.take ? w.rerecord : w.record);
    $("record").disabled = !key || u.fixed || busy;
    $("listen").disabled = !u.take || !!recorder;
    $("prev").disabled = i === 0 || !!recorder;
    $("next").disabled = i >= units.length - 1 || !!recorder;
    var done = units.filter(function (x) { return x.state === "recorded"; }).length;
    $("progress").textContent = num(i + 1) + " " + w.of + " " + num(units.length) + " · " + w.recorded + ": " +
      num(done);
  }

  function go(step) {
    if (recorder || busy) return;
    i = Math.max(0, Math.min(units.length - 1, i + step));
    $("player").removeAttribute("src");
    say("");
    show();
  }

  function start() {
    if (!navigator.mediaDevices || !window.MediaRecorder) { say(w.nomic); return; }
    navigator.mediaDevices.getUserMedia({audio: {echoCancellation: false, noiseSuppression: false,
                                                 autoGainControl: false}}).then(function (s) {
      stream = s;
      var type = MediaRecorder.isTypeSupported("audio/webm;codecs=opus") ? "audio/webm;codecs=opus" : "";
      recorder = new MediaRecorder(s, type ? {mimeType: type} : {});
      chunks = [];
      recorder.ondataavailable = function (e) { if (e.data && e.data.size) chunks.push(e.data); };
      recorder.onstop = upload;
      recorder.start(250);
      started = Date.now();
      document.body.classList.add("recording");
      timer = setInterval(function () { say(w.recording + " " + num(((Date.now() - started) / 1000).toFixed(1))); }, 100);
      say(w.recording);
      show();
    }, function (err) { say(w.nomic + ": " + err.name); });
  }

  function stop() {
    if (!recorder) return;
    clearInterval(timer);
    recorder.stop();
  }

  function upload() {
    var blob = new Blob(chunks, {type: (recorder.mimeType || "audio/webm").split(";")[0]});
    recorder = null;
    if (stream) stream.getTracks().forEach(function (t) { t.stop(); });
    document.body.classList.remove("recording");
    busy = true;
    say(w.uploading);
    show();
    var u = units[i];
    fetch(data.base + encodeURIComponent(u.id), {method: "POST", body: blob, credentials: "same-origin",
      headers: {"X-Media-Key": key, "Content-Type": blob.type || "audio/webm"}}).then(function (r) {
      return r.text().then(function (t) { return {ok: r.ok, status: r.status, text: t}; });
    }).then(function (r) {
      busy = false;
      var doc = null;
      try { doc = JSON.parse(r.text); } catch (e) { doc = null; }
      if (r.ok && doc) {
        u.state = "recorded"; u.take = doc.take; u.duration_s = doc.duration_s;
        say(w.saved + ": " + w.take + " " + num(doc.take) + comma + num(doc.duration_s.toFixed(1)) + " " + w.seconds);
        document.body.dataset.saved = u.id + ":" + doc.take;
      } else {
        say((doc && doc.error) || r.text);
      }
      show();
    }, function (err) { busy = false; say(String(err)); show(); });
  }

  function listen() {
    var u = units[i];
    if (!u.take || recorder) return;
    var p = $("player");
    p.src = data.base + encodeURIComponent(u.id) + ".flac?take=" + u.take;
    p.play().catch(function () {});
  }

  $("record").addEventListener("click", function () { if (recorder) stop(); else start(); });
  $("listen").addEventListener("click", listen);
  $("next").addEventListener("click", function () { go(1); });
  $("prev").addEventListener("click", function () { go(-1); });
  document.addEventListener("keydown", function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey || (e.target && e.target.tagName === "AUDIO")) return;
    var k = e.key.toLowerCase();
    if (k === "r" || k === " ") { e.preventDefault(); if (!$("record").disabled || recorder) { if (recorder) stop(); else start(); } }
    else if (k === "l" || k === "p") listen();
    else if (k === "n" || k === "pagedown" || k === "arrowdown") { e.preventDefault(); go(1); }
    else if (k === "b" || k === "pageup" || k === "arrowup") { e.preventDefault(); go(-1); }
  });
  show();
})();
