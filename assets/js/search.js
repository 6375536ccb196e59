// Full-text search on the search page, without a server. The form's
// language index (/<lang>/search.json, built with the site by package
// search) maps stems to pages; this script ports that package's query
// logic (Fold, Words, Resolve, Search, Snippet) so that a word typed here
// finds the stem the build made of it, and ranks and quotes as the Go
// tests check.
(function () {
  "use strict";
  var form = document.querySelector(".search-form");
  if (!form || !window.fetch) return;
  var input = form.querySelector("input[name=q]");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var index = null;
  var MIN_STEM = 4;
  var WORD = /[\p{L}\p{Nd}\p{Mn}]+/gu;

  // Lowercase without accents, but ñ and ç stay letters of their own.
  function fold(s) {
    var d = (s || "").toLowerCase().normalize("NFD");
    var out = "", prev = "";
    for (var i = 0; i < d.length; i++) {
      var c = d.charAt(i);
      if (/\p{Mn}/u.test(c)) {
        if ((c === "\u0303" && prev === "n") || (c === "\u0327" && prev === "c")) out += c;
        continue;
      }
      out += c;
      prev = c;
    }
    return out.normalize("NFC");
  }

  function runes(s) { return Array.from(s).length; }

  function load() {
    if (!index) {
      index = fetch(form.dataset.index).then(function (r) { return r.json(); }).then(function (ix) {
        ix.keys = Object.keys(ix.i).sort();
        return ix;
      });
    }
    return index;
  }

  function known(ix, s) { return Object.prototype.hasOwnProperty.call(ix.i, s); }

  function byRules(ix, f) {
    if (known(ix, f)) return f;
    var rs = Array.from(f);
    for (var end = rs.length - 1; end >= MIN_STEM; end--) {
      var pre = rs.slice(0, end).join("");
      if (known(ix, pre)) return pre;
    }
    return null;
  }

  function stemOf(ix, f) {
    return Object.prototype.hasOwnProperty.call(ix.f, f) ? ix.f[f] : byRules(ix, f);
  }

  function withPrefix(ix, prefix, maxLen) {
    return ix.keys.filter(function (t) {
      return t.indexOf(prefix) === 0 && (maxLen < 0 || runes(t) <= maxLen);
    });
  }

  // The stems a typed word stands for.
  function resolve(ix, word) {
    var f = fold(word);
    var s = stemOf(ix, f);
    if (s !== null) return withPrefix(ix, s, runes(s) + 2);
    var n = runes(f);
    if (n < 3) return [];
    var stems = withPrefix(ix, f, -1);
    var rs = Array.from(f);
    for (var cut = 1; !stems.length && cut <= 2; cut++) {
      if (rs.length - cut < MIN_STEM) break;
      stems = withPrefix(ix, rs.slice(0, rs.length - cut).join(""), -1);
    }
    return stems;
  }

  function search(ix, query) {
    var scores = null, wanted = [];
    (query.match(WORD) || []).forEach(function (w) {
      var stems = resolve(ix, w);
      wanted = wanted.concat(stems);
      var best = {};
      stems.forEach(function (s) {
        var post = ix.i[s];
        var idf = Math.log(1 + ix.p.length / (post.length / 2));
        for (var i = 0; i + 1 < post.length; i += 2) {
          var sc = post[i + 1] * idf;
          if (!(best[post[i]] >= sc)) best[post[i]] = sc;
        }
      });
      var next = {};
      Object.keys(best).forEach(function (p) {
        if (scores === null) next[p] = best[p];
        else if (p in scores) next[p] = scores[p] + best[p];
      });
      scores = next;
    });
    var out = Object.keys(scores || {}).map(function (p) { return { page: +p, score: scores[p] }; });
    out.sort(function (a, b) { return b.score - a.score || a.page - b.page; });
    return { results: out, stems: wanted };
  }

  // A stretch of the page's text around the first word that stands for
  // one of the stems, as [before, word, after], or null.
  function snippet(ix, page, stems, width) {
    var want = {};
    stems.forEach(function (s) { want[s] = true; });
    var text = ix.p[page].x || "";
    var m;
    WORD.lastIndex = 0;
    while ((m = WORD.exec(text)) !== null) {
      var s = stemOf(ix, fold(m[0]));
      if (s === null || !want[s]) continue;
      var start = Math.max(0, m.index - width / 2);
      while (start > 0 && text.charAt(start - 1) !== " ") start--;
      var end = Math.min(text.length, m.index + m[0].length + width / 2);
      while (end < text.length && text.charAt(end) !== " ") end++;
      WORD.lastIndex = 0;
      return [(start > 0 ? "… " : "") + text.slice(start, m.index), m[0], text.slice(m.index + m[0].length, end) + (end < text.length ? " …" : "")];
    }
    return null;
  }

  function el(tag, cls, text) {
    var n = document.createElement(tag);
    if (cls) n.className = cls;
    if (text) n.textContent = text;
    return n;
  }

  function show(query) {
    list.textContent = "";
    if (!(query.match(WORD) || []).length) {
      status.textContent = "";
      return;
    }
    load().then(function (ix) {
      var found = search(ix, query);
      found.results.forEach(function (r) {
        var e = ix.p[r.page];
        var li = el("li", "item");
        var h = el("h2", "item__title");
        var a = el("a", "", e.t);
        a.href = e.u;
        if (e.l) { li.lang = e.l; a.hreflang = e.l; }
        h.appendChild(a);
        li.appendChild(h);
        var meta = [e.d].concat(e.r || []).filter(Boolean).join(" · ");
        if (meta) li.appendChild(el("p", "item__meta", meta));
        var sn = snippet(ix, r.page, found.stems, 160);
        if (sn) {
          var p = el("p", "item__summary item__snippet");
          p.appendChild(document.createTextNode(sn[0]));
          p.appendChild(el("mark", "", sn[1]));
          p.appendChild(document.createTextNode(sn[2]));
          li.appendChild(p);
        } else if (e.s) {
          li.appendChild(el("p", "item__summary", e.s));
        }
        list.appendChild(li);
      });
      var n = found.results.length;
      var msg = n === 0 ? form.dataset.foundNone : n === 1 ? form.dataset.foundOne : form.dataset.foundMany;
      status.textContent = msg.replace("%d", n);
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
