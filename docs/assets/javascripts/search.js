/* Search page: Pagefind in the reader's language, with Arabic-aware matching.
 *
 * Loaded only by the search page. Pagefind picks the index of the page's <html lang>, so
 * an Arabic page finds Arabic pages only, and it fetches that index in small chunks.
 * The index holds normalised words (explainer/search.py); the query is normalised here
 * with the same rules, so keep the two in step (tests/browser/test_search.py checks it).
 * Results are built with DOM calls and textContent: nothing from the index is parsed as
 * HTML. All labels come from data-* attributes of the form (locales/ui.yaml).
 */
(function () {
  "use strict";

  var DIACRITICS = /[\u064B-\u065F\u0670\u0640]/g;
  var FOLDS = { "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي", "ؤ": "و", "ئ": "ي" };
  var FOLDED = /[أإآٱةىؤئ\u0660-\u0669\u06F0-\u06F9]/g;
  var ARTICLE_PREFIXES = ["وبال", "وكال", "فبال", "فكال", "ولل", "فلل", "وال", "فال", "بال", "كال", "لل", "ال"];
  var LETTER_PREFIXES = "وفبكل";
  var ARABIC_LETTER = /[\u0621-\u064A]/;
  var WORD_EDGE = /^([^\p{L}\p{N}]*)(.*?)([^\p{L}\p{N}]*)$/su;
  var EXCERPT_WORDS = 32;
  var MAX_RESULTS = 20;

  function fold(word) {
    return word
      .replace(DIACRITICS, "")
      .replace(FOLDED, function (char) {
        if (FOLDS[char]) return FOLDS[char];
        var code = char.charCodeAt(0);
        return String(code >= 0x06f0 ? code - 0x06f0 : code - 0x0660);
      });
  }

  function stripArticle(word) {
    for (var i = 0; i < ARTICLE_PREFIXES.length; i++) {
      var prefix = ARTICLE_PREFIXES[i];
      if (word.indexOf(prefix) === 0 && word.length - prefix.length >= 2) {
        return word.slice(prefix.length);
      }
    }
    return word;
  }

  /* The indexed form of a word, as explainer.search.normalize_word without a vocabulary. */
  function normalizeWord(word) {
    var parts = WORD_EDGE.exec(fold(word));
    var core = parts[2];
    if (!ARABIC_LETTER.test(core)) return parts[1] + core + parts[3];
    return parts[1] + stripArticle(core) + parts[3];
  }

  /* Query strings to search: the normalised words, and, where a word may begin with a
     one-letter conjunction or preposition (و ف ب ك ل), the same words without it. */
  function queryVariants(query) {
    var primary = [];
    var alternate = [];
    query.split(/\s+/).forEach(function (word) {
      var core = WORD_EDGE.exec(fold(word))[2];
      if (!core) return;
      var normal = normalizeWord(core);
      primary.push(normal);
      var bare = ARABIC_LETTER.test(core) && normal === core &&
        LETTER_PREFIXES.indexOf(core.charAt(0)) >= 0 && core.length >= 4;
      alternate.push(bare ? core.slice(1) : normal);
    });
    var variants = [primary.join(" ")];
    if (alternate.join(" ") !== variants[0]) variants.push(alternate.join(" "));
    return variants[0] ? variants : [];
  }

  window.ExplainerSearch = { normalizeWord: normalizeWord, queryVariants: queryVariants };

  var form = document.querySelector("[data-ex-search]");
  if (!form) return;
  var input = form.querySelector("input[name=q]");
  var status = document.querySelector("[data-ex-search-status]");
  var list = document.querySelector("[data-ex-search-results]");
  // The script sits in <root>/assets/javascripts/, the Pagefind bundle in <root>/pagefind/.
  var root = new URL("../../", document.currentScript.src);
  var pagefindLoaded = null;
  var latest = 0;
  var timer = null;

  function label(name, count) {
    return form.getAttribute("data-label-" + name).replace("{count}", String(count));
  }

  function loadPagefind() {
    if (!pagefindLoaded) {
      pagefindLoaded = import(new URL("pagefind/pagefind.js", root).href).then(function (pagefind) {
        return pagefind.options({ baseUrl: root.pathname }).then(function () {
          return pagefind.init();
        }).then(function () {
          return pagefind;
        });
      });
    }
    return pagefindLoaded;
  }

  function anchorFor(data, position) {
    var anchor = "";
    (data.meta.anchors || "").split(" ").forEach(function (entry) {
      var colon = entry.indexOf(":");
      var start = Number(entry.slice(0, colon));
      // An anchor at word 0 is the page's title: link to the page itself.
      if (colon > 0 && start > 0 && start <= position) anchor = entry.slice(colon + 1);
    });
    return anchor;
  }

  function excerpt(data) {
    var words = (data.meta.text || data.content).split(/\s+/);
    var marked = {};
    data.locations.forEach(function (position) { marked[position] = true; });
    var first = data.locations.length ? Math.min.apply(null, data.locations) : 0;
    var start = Math.max(0, first - Math.floor(EXCERPT_WORDS / 3));
    var end = Math.min(words.length, start + EXCERPT_WORDS);
    var paragraph = document.createElement("p");
    paragraph.className = "ex-search__excerpt";
    if (start > 0) paragraph.appendChild(document.createTextNode("… "));
    for (var i = start; i < end; i++) {
      if (marked[i]) {
        var mark = document.createElement("mark");
        mark.textContent = words[i];
        paragraph.appendChild(mark);
      } else {
        paragraph.appendChild(document.createTextNode(words[i]));
      }
      paragraph.appendChild(document.createTextNode(i + 1 < end ? " " : ""));
    }
    if (end < words.length) paragraph.appendChild(document.createTextNode(" …"));
    return paragraph;
  }

  function resultItem(data) {
    var item = document.createElement("li");
    item.className = "ex-search__result";
    var first = data.locations.length ? Math.min.apply(null, data.locations) : 0;
    var anchor = anchorFor(data, first);
    var link = document.createElement("a");
    link.className = "ex-search__link";
    link.href = data.url + (anchor ? "#" + encodeURIComponent(anchor) : "");
    link.textContent = data.meta.title;
    var heading = document.createElement("h2");
    heading.className = "ex-search__title";
    heading.appendChild(link);
    item.appendChild(heading);
    item.appendChild(excerpt(data));
    return item;
  }

  function show(results, query) {
    list.replaceChildren.apply(list, results.map(resultItem));
    status.setAttribute("data-state", query ? "done" : "ready");
    status.textContent = !query ? label("ready")
      : results.length === 0 ? label("none")
      : results.length === 1 ? label("one") : label("many", results.length);
  }

  function search(query) {
    var ticket = ++latest;
    var variants = queryVariants(query);
    if (!variants.length) return Promise.resolve(show([], ""));
    status.setAttribute("data-state", "loading");
    status.textContent = label("loading");
    return loadPagefind().then(function (pagefind) {
      return Promise.all(variants.map(function (variant) { return pagefind.search(variant); }));
    }).then(function (searches) {
      var best = {};
      searches.forEach(function (found) {
        found.results.forEach(function (result) {
          if (!best[result.id] || best[result.id].score < result.score) best[result.id] = result;
        });
      });
      var ranked = Object.keys(best).map(function (id) { return best[id]; });
      ranked.sort(function (a, b) { return b.score - a.score; });
      return Promise.all(ranked.slice(0, MAX_RESULTS).map(function (result) { return result.data(); }));
    }).then(function (results) {
      if (ticket === latest) show(results, query);
    }).catch(function () {
      if (ticket !== latest) return;
      status.setAttribute("data-state", "error");
      status.textContent = label("error");
    });
  }

  function remember(query) {
    var url = new URL(window.location.href);
    if (query) url.searchParams.set("q", query); else url.searchParams.delete("q");
    window.history.replaceState(null, "", url.href);
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    remember(input.value.trim());
    search(input.value.trim());
  });
  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(function () {
      remember(input.value.trim());
      search(input.value.trim());
    }, 200);
  });

  var initial = new URL(window.location.href).searchParams.get("q") || "";
  input.value = initial;
  if (initial) search(initial); else show([], "");
})();
