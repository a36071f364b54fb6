/* The theme's behaviour, in place of Material's own JavaScript bundle.
 *
 * Material's bundle (114 KB, RxJS) set up a component for every feature it knows when a
 * page loaded: one long task of 250-340 ms on Lighthouse's mid-range phone, the whole of the
 * pages' blocking time and the one thing between them and a Performance score of 95. This
 * site uses a handful of those features; this file does just those, on Material's markup and
 * classes, so Material's stylesheets and templates work unchanged:
 *
 * - the colour palette toggle (the choice is stored as Material stores it, so Material's
 *   inline script in <head> applies it before the first paint of the next page);
 * - the header's shadow and its title, which shows the page title once the <h1> has scrolled
 *   away;
 * - the back-to-top button (feature navigation.top), shown while scrolling up;
 * - the table of contents following the reader (toc.follow): the section in view is marked
 *   and kept in view in the sidebar;
 * - the drawer: Escape closes it, and so does following a link to this page;
 * - aria-expanded on the navigation's expandable sections.
 *
 * Everything reads layout at most once per animation frame, and only after scrolling or
 * resizing. Without JavaScript the page still reads and navigates: the drawer and sections
 * are CSS toggles, and the sidebars size themselves in site.css.
 */
(() => {
  "use strict";

  const root = document.documentElement;
  root.classList.remove("no-js");
  root.classList.add("js");

  const configElement = document.getElementById("__config");
  const config = configElement ? JSON.parse(configElement.textContent) : {};
  const features = new Set(config.features || []);
  const header = document.querySelector('[data-md-component="header"]');
  const headerHeight = () => (header ? header.offsetHeight : 0);

  /* Work done once per frame at most, whatever the number of scroll or resize events. */
  const onFrame = (callback) => {
    let scheduled = false;
    return () => {
      if (scheduled) return;
      scheduled = true;
      window.requestAnimationFrame(() => {
        scheduled = false;
        callback();
      });
    };
  };

  /* ------------------------------------------------------------------------------------
   * Colour palette
   * ---------------------------------------------------------------------------------- */

  const mountPalette = (form) => {
    const inputs = [...form.querySelectorAll("input")];
    if (!inputs.length) return;
    const themeColor = document.createElement("meta");
    themeColor.name = "theme-color";
    const colorScheme = document.createElement("meta");
    colorScheme.name = "color-scheme";
    document.head.append(themeColor, colorScheme);

    let current = 0;
    // On load the colours are usually those already in place (Material's inline script in
    // <head> applied the stored choice): then nothing is written, because any change to
    // <body>'s attributes restyles the whole page, a long task on a long page.
    const apply = (index, switching) => {
      current = index;
      const input = inputs[index];
      const color = {
        media: input.getAttribute("data-md-color-media"),
        scheme: input.getAttribute("data-md-color-scheme"),
        primary: input.getAttribute("data-md-color-primary"),
        accent: input.getAttribute("data-md-color-accent"),
      };
      // Transitions are switched off while the colours change (Material's stylesheet).
      if (switching) document.body.setAttribute("data-md-color-switching", "");
      for (const [key, value] of Object.entries(color)) {
        if (document.body.getAttribute(`data-md-color-${key}`) !== value) {
          document.body.setAttribute(`data-md-color-${key}`, value);
        }
      }
      inputs.forEach((other, position) => {
        const label = other.nextElementSibling;
        if (label instanceof HTMLElement) label.hidden = position !== index;
      });
      window.__md_set("__palette", { index, color });
      // The browser's own colours (address bar, form controls) follow the header's.
      window.requestAnimationFrame(() => {
        const style = window.getComputedStyle(header || document.body);
        colorScheme.content = style.colorScheme;
        const channels = style.backgroundColor.match(/\d+/g) || [];
        themeColor.content = `#${channels
          .slice(0, 3)
          .map((value) => Number(value).toString(16).padStart(2, "0"))
          .join("")}`;
        if (switching) document.body.removeAttribute("data-md-color-switching");
      });
    };

    const stored = window.__md_get("__palette");
    const preferred = inputs.findIndex((input) =>
      window.matchMedia(input.getAttribute("data-md-color-media")).matches,
    );
    const first = stored && Number.isInteger(stored.index) ? stored.index : preferred;
    const index = Math.max(0, Math.min(first, inputs.length - 1));
    inputs[index].checked = true;
    apply(index, false);

    inputs.forEach((input, position) => {
      input.addEventListener("change", () => apply(position, true));
    });
    // The toggle is a label: Enter, like a click, moves to the next scheme.
    form.addEventListener("keydown", (event) => {
      if (event.key !== "Enter") return;
      event.preventDefault();
      const next = (current + 1) % inputs.length;
      inputs[next].click();
      const label = inputs[next].nextElementSibling;
      (label instanceof HTMLElement && !label.hidden ? label : inputs[next]).focus();
    });
  };

  /* ------------------------------------------------------------------------------------
   * Header: shadow once the page scrolls, page title once the <h1> is gone
   * ---------------------------------------------------------------------------------- */

  const mountHeader = () => {
    if (!header) return;
    const title = header.querySelector('[data-md-component="header-title"]');
    const heading = document.querySelector(".md-content h1");
    const update = () => {
      const scrolled = window.scrollY > 0;
      header.classList.toggle("md-header--shadow", scrolled);
      if (title && heading) {
        const { bottom, height } = heading.getBoundingClientRect();
        title.classList.toggle("md-header__title--active", height > 0 && bottom <= headerHeight());
      }
    };
    const scheduled = onFrame(update);
    window.addEventListener("scroll", scheduled, { passive: true });
    scheduled();
  };

  /* ------------------------------------------------------------------------------------
   * Back to top
   * ---------------------------------------------------------------------------------- */

  const mountBackToTop = (button) => {
    let lastY = window.scrollY;
    const show = (visible) => {
      if (button.hidden === !visible) return;
      button.hidden = !visible;
      if (visible) {
        button.removeAttribute("tabindex");
      } else {
        button.setAttribute("tabindex", "-1");
        button.blur();
      }
    };
    const update = () => {
      const y = window.scrollY;
      // Shown while the reader scrolls back up through the page, as Material does.
      if (y !== lastY) show(y < lastY && y > 0);
      lastY = y;
    };
    const place = () => {
      button.style.top = `${headerHeight() + 16}px`;
    };
    window.addEventListener("scroll", onFrame(update), { passive: true });
    window.addEventListener("resize", onFrame(place), { passive: true });
    window.requestAnimationFrame(place);
    button.addEventListener("click", (event) => {
      event.preventDefault();
      window.scrollTo({ top: 0 });
      show(false);
    });
  };

  /* ------------------------------------------------------------------------------------
   * Table of contents: the section in view
   * ---------------------------------------------------------------------------------- */

  const documentTop = (element) => {
    let offset = 0;
    // An anchor hidden in a closed element has no offset: use its nearest visible parent.
    let target = element;
    while (target && !target.offsetHeight && target.parentElement) target = target.parentElement;
    for (let node = target; node; node = node.offsetParent) offset += node.offsetTop;
    return offset;
  };

  const scrollIntoMiddle = (link, smooth) => {
    const container = link.closest(".md-sidebar__scrollwrap");
    if (!container || !link.offsetHeight || container.scrollHeight <= container.clientHeight) {
      return;
    }
    const top = link.offsetTop - container.offsetTop - container.clientHeight / 2;
    container.scrollTo({ top, behavior: smooth ? "smooth" : "auto" });
  };

  const mountTableOfContents = (list) => {
    const entries = [...list.querySelectorAll(".md-nav__link")]
      .map((link) => {
        const id = decodeURIComponent(link.hash.slice(1));
        return { link, target: id ? document.getElementById(id) : null, top: 0 };
      })
      .filter((entry) => entry.target);
    if (!entries.length) return;
    let active = null;

    const measure = () => {
      for (const entry of entries) entry.top = documentTop(entry.target);
      entries.sort((a, b) => a.top - b.top);
    };
    const update = () => {
      const y = window.scrollY + headerHeight() + 16;
      const atEnd =
        window.scrollY + window.innerHeight >= document.documentElement.scrollHeight - 1;
      let current = null;
      for (const entry of entries) {
        const passed = atEnd || entry.top <= y;
        entry.link.classList.toggle("md-nav__link--passed", passed);
        if (passed) current = entry;
      }
      for (const entry of entries) {
        entry.link.classList.toggle("md-nav__link--active", entry === current);
      }
      if (current !== active) {
        active = current;
        if (active && features.has("toc.follow")) scrollIntoMiddle(active.link, true);
      }
    };
    const refresh = onFrame(() => {
      measure();
      update();
    });
    window.addEventListener("scroll", onFrame(update), { passive: true });
    // Offsets change when fonts arrive, images load or the window is resized.
    new ResizeObserver(refresh).observe(document.body);
  };

  /* ------------------------------------------------------------------------------------
   * Navigation drawer and sections
   * ---------------------------------------------------------------------------------- */

  const mountNavigation = () => {
    const drawer = document.getElementById("__drawer");
    if (drawer) {
      document.addEventListener("keydown", (event) => {
        if (event.key === "Escape" && drawer.checked) {
          drawer.checked = false;
          const opener = document.querySelector('label[for="__drawer"].md-header__button');
          if (opener) opener.focus();
        }
      });
      // A link to a part of this page leaves the reader on the page: close the drawer.
      document.addEventListener("click", (event) => {
        const link = event.target instanceof Element && event.target.closest(".md-sidebar a");
        if (link && drawer.checked && link.pathname === window.location.pathname) {
          drawer.checked = false;
        }
      });
    }
    for (const label of document.querySelectorAll(".md-sidebar label[tabindex]")) {
      const input = document.getElementById(label.htmlFor);
      const nav = document.querySelector(`[aria-labelledby="${label.id}"]`);
      if (!input || !nav) continue;
      input.addEventListener("change", () => {
        nav.setAttribute("aria-expanded", String(input.checked));
      });
      label.addEventListener("keydown", (event) => {
        if (event.key === "Enter") {
          event.preventDefault();
          label.click();
        }
      });
    }
    // The current page's entry, in a long navigation, starts in view.
    window.requestAnimationFrame(() => {
      for (const link of document.querySelectorAll(".md-sidebar--primary .md-nav__link--active")) {
        scrollIntoMiddle(link, false);
      }
    });
  };

  for (const form of document.querySelectorAll('[data-md-component="palette"]')) {
    mountPalette(form);
  }
  mountHeader();
  const top = document.querySelector('[data-md-component="top"]');
  if (top) mountBackToTop(top);
  for (const list of document.querySelectorAll('[data-md-component="toc"]')) {
    mountTableOfContents(list);
  }
  mountNavigation();
})();
