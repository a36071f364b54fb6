/* Permalinks, citations, the language switcher and printed link addresses.
 *
 * Without JavaScript everything still works: a block's control is a plain link to its
 * anchor (with it, a button opening "Copy link" and "Copy citation"), the copy-citation
 * buttons stay hidden (the citation text is on the page), and the
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

  /* One control per block (.ex-tools): a plain link to the block's anchor without
     JavaScript; here a button whose menu copies the block's public link or a citation of
     it. One menu element serves every block: it moves next to the button that opens it,
     so Tab goes from the button into the menu. */
  const labels = announcer ? announcer.dataset : {};
  let menu = null;
  let openButton = null;

  const normalized = (node) => node.textContent.replace(/\s+/g, " ").trim();

  /* The citation of an anchor: an event's own, else the page's first style pointed at it. */
  const citationFor = (anchor) => {
    const own = Array.from(document.querySelectorAll("[data-cite-for]")).find(
      (element) => element.dataset.citeFor === anchor,
    );
    const source = own
      ? own.querySelector("[data-copy-source]")
      : document.querySelector("section.ex-citation [data-copy-source]");
    if (!source) return "";
    if (own) return normalized(source);
    const copy = source.cloneNode(true);
    const url = copy.querySelector(".ex-citation__url");
    if (url) url.textContent = `${url.textContent.trim()}#${anchor}`;
    return normalized(copy);
  };

  const closeMenu = (returnFocus) => {
    if (!openButton) return;
    const button = openButton;
    openButton = null;
    button.setAttribute("aria-expanded", "false");
    button.parentElement.removeAttribute("data-open");
    menu.hidden = true;
    if (returnFocus) button.focus();
  };

  const makeMenu = () => {
    menu = document.createElement("span"); // it sits inside a paragraph
    menu.className = "ex-tools__menu";
    menu.id = "ex-tools-menu";
    menu.hidden = true;
    [
      ["link", labels.copyLinkLabel],
      ["citation", labels.copyCitationLabel],
    ].forEach(([action, text]) => {
      const item = document.createElement("button");
      item.type = "button";
      item.className = "ex-tools__item";
      item.dataset.action = action;
      item.textContent = text;
      menu.appendChild(item);
    });
    menu.addEventListener("keydown", (event) => {
      if (event.key === "Escape") closeMenu(true);
    });
    return menu;
  };

  const openMenu = (button) => {
    if (!menu) makeMenu();
    const tools = button.parentElement;
    tools.appendChild(menu);
    const anchor = tools.dataset.anchor;
    menu.querySelector('[data-action="citation"]').hidden = !citationFor(anchor);
    menu.dataset.anchor = anchor;
    menu.dataset.address = tools.dataset.address;
    menu.toggleAttribute("data-here", "here" in tools.dataset);
    menu.hidden = false;
    menu.style.insetInlineEnd = "";
    menu.style.insetInlineStart = "";
    const box = menu.getBoundingClientRect();
    if (box.left < 0 || box.right > document.documentElement.clientWidth) {
      // No room on the end side (the control starts a line): open towards the other side.
      menu.style.insetInlineEnd = "auto";
      menu.style.insetInlineStart = "0";
    }
    button.setAttribute("aria-expanded", "true");
    tools.setAttribute("data-open", "");
    openButton = button;
  };

  const canCopy =
    (navigator.clipboard && window.isSecureContext) ||
    (document.queryCommandSupported && document.queryCommandSupported("copy"));

  if (canCopy && labels.copyLinkLabel) {
    document.querySelectorAll(".ex-tools").forEach((tools) => {
      const link = tools.querySelector("a[data-copy-link]");
      if (!link) return;
      const button = document.createElement("button");
      button.type = "button";
      button.className = "ex-tools__button";
      button.setAttribute("aria-label", tools.dataset.toolsLabel);
      button.setAttribute("aria-expanded", "false");
      button.setAttribute("aria-controls", "ex-tools-menu");
      // The block's public address: this page's, or (for a copy of a block that lives on
      // another page, such as an event on a timeline filtered by kind) that page's.
      const href = link.getAttribute("href");
      const address = new URL(href, canonicalUrl());
      tools.dataset.anchor = address.hash.slice(1);
      tools.dataset.address = address.href;
      if (href.startsWith("#")) tools.dataset.here = "";
      link.replaceWith(button);
    });
  }

  document.addEventListener("click", (event) => {
    const toolsButton = event.target.closest(".ex-tools__button");
    if (toolsButton) {
      const wasOpen = toolsButton === openButton;
      closeMenu(false);
      if (!wasOpen) openMenu(toolsButton);
      return;
    }
    const item = event.target.closest(".ex-tools__item");
    if (item) {
      const anchor = menu.dataset.anchor;
      if (item.dataset.action === "link") {
        if (menu.hasAttribute("data-here")) {
          window.history.replaceState(null, "", `#${anchor}`);
          updateSwitcher();
        }
        copyAndAnnounce(menu.dataset.address, "linkCopied");
      } else {
        copyAndAnnounce(citationFor(anchor), "citationCopied");
      }
      closeMenu(true);
      return;
    }
    if (openButton && !event.target.closest(".ex-tools__menu")) closeMenu(false);
    const button = event.target.closest("button[data-copy-citation]");
    if (button) {
      const source = button.parentElement.querySelector("[data-copy-source]");
      if (source) copyAndAnnounce(normalized(source), "citationCopied");
    }
  });

  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && openButton) closeMenu(true);
  });

  /* Focus leaving the control and its menu (Tab past the last item) closes the menu. */
  document.addEventListener("focusin", (event) => {
    if (openButton && !openButton.parentElement.contains(event.target)) closeMenu(false);
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

  if (canCopy) {
    document.querySelectorAll("button[data-copy-citation]").forEach((button) => {
      button.hidden = false;
    });
  }

  /* Printed pages show the page's citation and its sources open, and each link's public
     address after it (print.css reads data-print-url). */
  window.addEventListener("beforeprint", () => {
    document.querySelectorAll(".ex-citation__details, .ex-page-sources details").forEach((details) => {
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
