// Full-text search on the search page, without a server. The form's
// language index is published in parts (package search): a manifest
// (/<lang>/search.json: how many pages, where each chunk of them starts
// and its ID), a terms file per first letter (/<lang>/search/t-<key>.json:
// stems and their postings, and the forms the rules would stem otherwise)
// and chunks of pages (/<lang>/search/p-<id>.json). A query fetches the
// terms files of its words and the chunks of the results it shows. This
// script ports that package's query logic (Fold, Words, Resolve, Search,
// Snippet) so that a word typed here finds the stem the build made of
// it, and ranks and quotes as the Go tests check.
(function () {
  "use strict";
  var form = document.querySelector(".search-form");
  if (!form || !window.fetch || !window.Promise) return;
  var input = form.querySelector("input[name=q]");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var loaded = {}; // the manifest, once fetched (see once)
  var MIN_STEM = 4;
  var SHOWN = 20; // results shown at a time
  var WORD = /[\p{L}\p{Nd}\p{Mn}]+/gu;
  var generation = 0; // the query being shown; answers to older ones are dropped
  var more = document.createElement("button");
  more.type = "button";
  more.className = "search-more";
  more.textContent = form.dataset.more;
  more.hidden = true;
  list.parentNode.insertBefore(more, list.nextSibling);

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

  function json(url) {
    return fetch(url).then(function (r) {
      if (!r.ok) throw new Error(url + ": " + r.status);
      return r.json();
    });
  }

  // Keeps what make promises under key, and forgets it if it fails, so
  // that the next query fetches it again: a phone's connection comes back.
  function once(cache, key, make) {
    if (!cache[key]) {
      cache[key] = make().catch(function (err) {
        delete cache[key];
        throw err;
      });
    }
    return cache[key];
  }

  function load() {
    return once(loaded, "index", function () {
      var url = form.dataset.index;
      var base = url.slice(0, url.lastIndexOf("/") + 1) + "search/";
      return json(url).then(function (m) {
        return { n: m.n, s: m.s, ids: m.p, base: base, i: {}, f: {}, keys: [], p: [], shards: {}, chunks: {} };
      });
    });
  }

  // The key of the terms file of a folded word or stem.
  function shardKey(f) {
    var c = Array.from(f)[0] || "";
    if (c >= "a" && c <= "z") return c;
    if (c >= "0" && c <= "9") return "0";
    return "_";
  }

  function shard(ix, key) {
    return once(ix.shards, key, function () {
      return json(ix.base + "t-" + key + ".json").then(function (sh) {
        Object.keys(sh.i).forEach(function (s) { ix.i[s] = sh.i[s]; });
        Object.keys(sh.f).forEach(function (w) { ix.f[w] = sh.f[w]; });
        ix.keys = Object.keys(ix.i).sort();
      });
    });
  }

  // Fetches the terms files a query needs: each word's, then that of the
  // stem its form names, when another.
  function prepare(ix, query) {
    return Promise.all((query.match(WORD) || []).map(function (w) {
      var f = fold(w);
      return shard(ix, shardKey(f)).then(function () {
        if (Object.prototype.hasOwnProperty.call(ix.f, f)) return shard(ix, shardKey(ix.f[f]));
      });
    }));
  }

  // The chunk that holds page p: the last that starts at or before it.
  function chunkOf(ix, p) {
    var lo = 0, hi = ix.s.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (ix.s[mid] <= p) lo = mid; else hi = mid - 1;
    }
    return lo;
  }

  // Fetches the chunks that hold the given pages.
  function pages(ix, ids) {
    var need = {};
    ids.forEach(function (p) { need[chunkOf(ix, p)] = true; });
    return Promise.all(Object.keys(need).map(function (k) {
      return once(ix.chunks, k, function () {
        var start = ix.s[k];
        return json(ix.base + "p-" + ix.ids[k] + ".json").then(function (ps) {
          ps.forEach(function (e, j) { ix.p[start + j] = e; });
        });
      });
    }));
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
    if (s === "") return [s]; // a word of marks alone: not every short stem
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
        var idf = Math.log(1 + ix.n / (post.length / 2));
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

  function item(ix, r, stems) {
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
    var sn = snippet(ix, r.page, stems, 160);
    if (sn) {
      var p = el("p", "item__summary item__snippet");
      p.appendChild(document.createTextNode(sn[0]));
      p.appendChild(el("mark", "", sn[1]));
      p.appendChild(document.createTextNode(sn[2]));
      li.appendChild(p);
    } else if (e.s) {
      li.appendChild(el("p", "item__summary", e.s));
    }
    return li;
  }

  // Shows the results from start on, SHOWN at a time, fetching the chunks
  // that hold them; the button shows the next ones.
  function showFrom(ix, found, start, gen) {
    var batch = found.results.slice(start, start + SHOWN);
    return pages(ix, batch.map(function (r) { return r.page; })).then(function () {
      if (gen !== generation) return;
      var first = null;
      batch.forEach(function (r) {
        var li = item(ix, r, found.stems);
        first = first || li;
        list.appendChild(li);
      });
      var next = start + SHOWN;
      more.hidden = next >= found.results.length;
      more.onclick = function () {
        more.hidden = true;
        showFrom(ix, found, next, gen).then(function (added) {
          // Keyboard and screen reader users go on from the first new result.
          if (added) added.querySelector("a").focus();
        }).catch(function () {
          if (gen !== generation) return;
          status.textContent = form.dataset.failed;
          more.hidden = false;
        });
      };
      return first;
    });
  }

  function show(query) {
    var gen = ++generation;
    list.textContent = "";
    more.hidden = true;
    if (!(query.match(WORD) || []).length) {
      status.textContent = "";
      return;
    }
    load().then(function (ix) {
      return prepare(ix, query).then(function () {
        if (gen !== generation) return;
        var found = search(ix, query);
        var n = found.results.length;
        var msg = n === 0 ? form.dataset.foundNone : n === 1 ? form.dataset.foundOne : form.dataset.foundMany;
        status.textContent = msg.replace("%d", n);
        return showFrom(ix, found, 0, gen);
      });
    }).catch(function () {
      // Not "no pages found": the index, or part of it, did not arrive.
      if (gen === generation) status.textContent = form.dataset.failed;
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
