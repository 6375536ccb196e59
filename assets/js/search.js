// Search on the search page, without a server: the form's language index
// (/<lang>/search.json, built with the site) is fetched once and every
// query matches its words, ignoring case and accents, against each page's
// title, summary, regions and themes.
(function () {
  "use strict";
  var form = document.querySelector(".search-form");
  if (!form || !window.fetch) return;
  var input = form.querySelector("input[name=q]");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var index = null;

  function fold(s) {
    return (s || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function load() {
    if (!index) {
      index = fetch(form.dataset.index).then(function (r) { return r.json(); }).then(function (entries) {
        return entries.map(function (e) {
          e.title = fold(e.t);
          e.text = [e.title, fold(e.s), fold((e.r || []).join(" ")), fold((e.th || []).join(" "))].join(" ");
          return e;
        });
      });
    }
    return index;
  }

  function el(tag, cls, text) {
    var n = document.createElement(tag);
    if (cls) n.className = cls;
    if (text) n.textContent = text;
    return n;
  }

  // A word matches as written or, from five letters on, by its stem (the
  // word less its last two letters), so that "frontera" finds
  // "fronteriza" and "regiones" finds "región".
  function matches(text, w) {
    if (text.indexOf(w) >= 0) return true;
    return w.length >= 5 && text.indexOf(w.slice(0, Math.max(4, w.length - 2))) >= 0;
  }

  function show(query) {
    var words = fold(query).split(/\s+/).filter(Boolean);
    list.textContent = "";
    if (!words.length) {
      status.textContent = "";
      return;
    }
    load().then(function (entries) {
      var hits = entries.filter(function (e) {
        return words.every(function (w) { return matches(e.text, w); });
      });
      // Pages whose title holds the words come first.
      hits.sort(function (a, b) {
        var at = words.every(function (w) { return matches(a.title, w); });
        var bt = words.every(function (w) { return matches(b.title, w); });
        return at === bt ? 0 : at ? -1 : 1;
      });
      hits.forEach(function (e) {
        var li = el("li", "item");
        var h = el("h2", "item__title");
        var a = el("a", "", e.t);
        a.href = e.u;
        if (e.l) { li.lang = e.l; a.hreflang = e.l; }
        h.appendChild(a);
        li.appendChild(h);
        var meta = [e.d].concat(e.r || []).filter(Boolean).join(" · ");
        if (meta) li.appendChild(el("p", "item__meta", meta));
        if (e.s) li.appendChild(el("p", "item__summary", e.s));
        list.appendChild(li);
      });
      var msg = hits.length === 0 ? form.dataset.foundNone : hits.length === 1 ? form.dataset.foundOne : form.dataset.foundMany;
      status.textContent = msg.replace("%d", hits.length);
    }).catch(function () {
      status.textContent = form.dataset.foundNone;
    });
  }

  var q = new URLSearchParams(location.search).get("q") || "";
  input.value = q;
  show(q);
  var timer;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { show(input.value); }, 150);
  });
  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    history.replaceState(null, "", "?q=" + encodeURIComponent(input.value));
    show(input.value);
  });
})();
