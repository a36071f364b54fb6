/* The timeline's filters and order, loaded on the timeline pages only.
 *
 * Without JavaScript the filter chips are plain links (to a pillar's or an agency's own list
 * of events, or to the timeline of one kind) and the order toggle stays hidden. Here, on the
 * full timeline, the chips filter the rows in place (one pillar, one agency and one kind at
 * most, combined) and write the choice into the address (?pillar=...&agency=...&kind=...),
 * so a filtered view can be shared and the Back button undoes a choice; the toggle shows the
 * newest events first (&order=newest). Rows are reordered in the document, not only on
 * screen, so the keyboard and screen readers meet them in the order shown.
 */
(() => {
  "use strict";

  const timeline = document.querySelector("[data-timeline]");
  if (!timeline) return;

  const DIMENSIONS = ["pillar", "agency", "kind"];
  const ROW_FIELDS = { pillar: "pillars", agency: "agencies", kind: "kind" };
  const inPlace = timeline.hasAttribute("data-filters-in-place");
  const rows = Array.from(timeline.querySelectorAll("li.ex-tl-row"));
  const chips = Array.from(document.querySelectorAll(".ex-tl-filters a[data-filter]"));
  const railLinks = Array.from(document.querySelectorAll(".ex-tl-years a[data-year]"));
  const rail = document.querySelector(".ex-tl-years ol");
  const status = document.querySelector(".ex-tl-status");
  const orderButton = document.querySelector(".ex-tl-order");
  const known = {};
  DIMENSIONS.forEach((dimension) => {
    known[dimension] = new Set(
      chips.filter((chip) => chip.dataset.filter === dimension).map((chip) => chip.dataset.value),
    );
  });
  const state = { pillar: "", agency: "", kind: "" };
  let newestFirst = false;

  const matches = (row) =>
    DIMENSIONS.every(
      (dimension) =>
        !state[dimension] ||
        row.dataset[ROW_FIELDS[dimension]].split(" ").includes(state[dimension]),
    );

  /* Numbers in the site's digits (data-digits holds 0-9 as the templates write them). */
  const digits = (number) => {
    const own = (status && status.dataset.digits) || "0123456789";
    return String(number).replace(/[0-9]/g, (digit) => own[Number(digit)]);
  };

  const filtered = () => DIMENSIONS.some((dimension) => state[dimension]);

  const showFilters = () => {
    let shown = 0;
    rows.forEach((row) => {
      const visible = matches(row);
      row.hidden = !visible;
      if (visible) shown += 1;
    });
    timeline.querySelectorAll(".ex-tl-year").forEach((year) => {
      year.hidden = !year.querySelector("li.ex-tl-row:not([hidden])");
    });
    railLinks.forEach((link) => {
      const year = timeline.querySelector(`.ex-tl-year[data-year="${link.dataset.year}"]`);
      link.parentElement.hidden = !year || year.hidden;
    });
    chips.forEach((chip) => {
      const active =
        chip.dataset.filter === "all"
          ? !filtered()
          : state[chip.dataset.filter] === chip.dataset.value;
      if (active) chip.setAttribute("aria-current", "true");
      else chip.removeAttribute("aria-current");
    });
    if (status && status.dataset.template) {
      status.textContent = filtered()
        ? status.dataset.template
            .replace("{shown}", digits(shown))
            .replace("{total}", digits(rows.length))
        : "";
    }
  };

  const reverseChildren = (parent) => {
    Array.from(parent.children)
      .reverse()
      .forEach((child) => parent.appendChild(child));
  };

  const showOrder = (wantNewest) => {
    if (wantNewest !== newestFirst) {
      reverseChildren(timeline);
      timeline.querySelectorAll("ol.ex-tl-rows").forEach(reverseChildren);
      if (rail) reverseChildren(rail);
      newestFirst = wantNewest;
    }
    if (orderButton) orderButton.setAttribute("aria-pressed", String(newestFirst));
  };

  const readAddress = () => {
    const params = new URLSearchParams(window.location.search);
    if (inPlace) {
      DIMENSIONS.forEach((dimension) => {
        const value = params.get(dimension) || "";
        state[dimension] = known[dimension].has(value) ? value : "";
      });
    }
    return params.get("order") === "newest";
  };

  const writeAddress = (push) => {
    const params = new URLSearchParams(window.location.search);
    DIMENSIONS.forEach((dimension) => {
      if (inPlace && state[dimension]) params.set(dimension, state[dimension]);
      else params.delete(dimension);
    });
    if (newestFirst) params.set("order", "newest");
    else params.delete("order");
    const query = params.toString();
    const address = window.location.pathname + (query ? `?${query}` : "") + window.location.hash;
    window.history[push ? "pushState" : "replaceState"](null, "", address);
  };

  if (inPlace) {
    document.querySelector(".ex-tl-filters").addEventListener("click", (event) => {
      const chip = event.target.closest("a[data-filter]");
      if (!chip || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey) {
        return;
      }
      event.preventDefault();
      const dimension = chip.dataset.filter;
      if (dimension === "all") {
        DIMENSIONS.forEach((name) => {
          state[name] = "";
        });
      } else {
        state[dimension] = state[dimension] === chip.dataset.value ? "" : chip.dataset.value;
      }
      showFilters();
      writeAddress(true);
    });
  }

  if (orderButton) {
    orderButton.hidden = false;
    orderButton.addEventListener("click", () => {
      showOrder(!newestFirst);
      writeAddress(false);
    });
  }

  window.addEventListener("popstate", () => {
    const wantNewest = readAddress();
    showFilters();
    showOrder(wantNewest);
  });

  const wantNewest = readAddress();
  if (filtered()) showFilters();
  showOrder(wantNewest);
})();
