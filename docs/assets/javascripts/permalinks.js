/* Permalinks, citations, the language switcher and printed link addresses.
 *
 * Without JavaScript everything still works: a "copy link" control is a plain link to its
 * anchor, the copy-citation buttons stay hidden (the citation text is on the page), and the
 * switcher leads to the top of the other language's page. No inline script: the site's
 * Content-Security-Policy forbids it. Messages come from data-* attributes that the theme
 * fills from locales/ui.yaml, so they are in the page's language.
 */
(() => {
  "use strict";

  const announcer = document.querySelector(".ex-announcer");

  /* The public address of this page: its canonical URL, not the preview server's. */
  const canonicalUrl = () => {
    const canonical = document.querySelector('link[rel="canonical"]');
    return (canonical ? canonical.href : window.location.href).split("#")[0];
  };

  /* Screen readers read the live region when its text changes; clearing it first makes
     them repeat the same message on a second copy. */
  const announce = (message) => {
    if (!announcer || !message) return;
    announcer.textContent = "";
    window.setTimeout(() => {
      announcer.textContent = message;
    }, 100);
  };

  const copyWithSelection = (text) => {
    const area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.className = "ex-offscreen";
    document.body.appendChild(area);
    area.select();
    let copied = false;
    try {
      copied = document.execCommand("copy");
    } catch (error) {
      copied = false;
    }
    area.remove();
    return copied ? Promise.resolve() : Promise.reject(new Error("copy refused"));
  };

  const copyText = (text) => {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).catch(() => copyWithSelection(text));
    }
    return copyWithSelection(text);
  };

  const copyAndAnnounce = (text, message) => {
    const data = announcer ? announcer.dataset : {};
    copyText(text).then(
      () => announce(data[message]),
      () => announce(data.copyFailed),
    );
  };

  /* The switcher keeps the reader's place: ids are the same in both languages. */
  const updateSwitcher = () => {
    document.querySelectorAll("a[data-keep-fragment]").forEach((link) => {
      if (!link.dataset.baseHref) {
        link.dataset.baseHref = link.getAttribute("href").split("#")[0];
      }
      link.setAttribute("href", link.dataset.baseHref + window.location.hash);
    });
  };

  document.addEventListener("click", (event) => {
    const permalink = event.target.closest("a[data-copy-link]");
    if (permalink) {
      // Opening the link in a new tab or window stays the browser's business.
      if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) {
        return;
      }
      event.preventDefault();
      const fragment = permalink.getAttribute("href");
      window.history.replaceState(null, "", fragment);
      updateSwitcher();
      copyAndAnnounce(canonicalUrl() + fragment, "linkCopied");
      return;
    }
    const button = event.target.closest("button[data-copy-citation]");
    if (button) {
      const source = button.parentElement.querySelector("[data-copy-source]");
      if (source) copyAndAnnounce(source.textContent.replace(/\s+/g, " ").trim(), "citationCopied");
    }
  });

  /* A fragment whose target sits in a closed <details> (a source in the collapsed list, a
     condensed timeline row) opens it, and a target that is a row opens its own details.
     Chromium opens the first kind by itself; this covers the others and other browsers. */
  const openTarget = () => {
    let id = "";
    try {
      id = decodeURIComponent(window.location.hash.slice(1));
    } catch (error) {
      return;
    }
    const target = id && document.getElementById(id);
    if (!target) return;
    const own = target.matches("details") ? target : target.querySelector(":scope > details");
    if (own) own.open = true;
    for (let parent = target.parentElement; parent; parent = parent.parentElement) {
      if (parent.matches("details")) parent.open = true;
    }
  };

  window.addEventListener("hashchange", () => {
    updateSwitcher();
    openTarget();
  });
  updateSwitcher();
  openTarget();

  const canCopy =
    (navigator.clipboard && window.isSecureContext) ||
    (document.queryCommandSupported && document.queryCommandSupported("copy"));
  if (canCopy) {
    document.querySelectorAll("button[data-copy-citation]").forEach((button) => {
      button.hidden = false;
    });
  }

  /* Printed pages show each link's public address after it (print.css reads data-print-url). */
  window.addEventListener("beforeprint", () => {
    document.querySelectorAll(".ex-page-sources details").forEach((details) => {
      details.open = true;
    });
    const base = canonicalUrl();
    document.querySelectorAll(".md-content a[href]").forEach((link) => {
      const href = link.getAttribute("href");
      if (!href || href.startsWith("#")) return;
      let address = new URL(href, base).href;
      try {
        address = decodeURI(address); // an Arabic address reads as Arabic, not %D8%A7...
      } catch (error) {
        // not UTF-8 once decoded: printed as it is
      }
      // A link whose text is already its address (a source's URL) needs no repeat.
      if (!link.textContent.includes(href)) link.dataset.printUrl = address;
    });
  });
})();
