"""Growing data: the benchmark's synthetic data is valid, and the nav does not grow with it."""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ElementTree

from conftest import PROJECT_ROOT, copy_project

from explainer.data.dataset import load_site_data
from explainer.data.partial_dates import chronological_key
from explainer.outputs.feeds import ATOM, FEED_ENTRIES, atom_date, atom_feed
from explainer.site import PILLARS_IN_NAV_LIMIT, load_project

sys.path.insert(0, str(PROJECT_ROOT / "scripts"))
import bench


def nav_paths(entries) -> list[str]:
    paths = []
    for entry in entries:
        if isinstance(entry, dict):
            for value in entry.values():
                paths += nav_paths(value) if isinstance(value, list) else [value]
        else:
            paths.append(entry)
    return paths


def test_scaled_data_is_valid_with_every_list_multiplied(tmp_path, site_data):
    scale = 5
    bench.write_data(
        bench.scaled_data(bench.raw_data(PROJECT_ROOT / "data"), scale), tmp_path / "data"
    )
    scaled = load_site_data(tmp_path / "data")
    shipped = site_data.counts()
    for name in ("pillars", "events", "agencies", "sources"):
        assert scaled.counts()[name] == shipped[name] * scale, name
    assert scaled.counts()["terms"] == shipped["terms"]
    assert [p.number for p in scaled.pillars] == list(range(1, len(scaled.pillars) + 1))


def test_the_benchmark_edit_changes_one_event_and_stays_valid(tmp_path, site_data):
    data = bench.scaled_data(bench.raw_data(PROJECT_ROOT / "data"), 2)
    bench.write_data(bench.with_one_edit(data), tmp_path / "data")
    edited = load_site_data(tmp_path / "data")
    changed = [
        (before.id, after.description.en)
        for before, after in zip(site_data.events + site_data.events, edited.events, strict=True)
        if before.description != after.description
    ]
    assert changed == [
        (site_data.events[0].id, site_data.events[0].description.en + " This text was edited.")
    ]


def test_many_pillars_leave_only_the_pillars_index_in_the_nav(tmp_path, site_data):
    template = [{"nav.pillars": ["pillars/index.md", "explainer:pillars"]}, "timeline.md"]
    shipped = load_project(PROJECT_ROOT)
    assert len(site_data.pillars) <= PILLARS_IN_NAV_LIMIT
    assert nav_paths(shipped.localized_nav(template, "en")) == [
        "pillars/index.md",
        *(f"pillars/{p.id}.md" for p in site_data.pillars),
        "timeline.md",
    ]

    scale = PILLARS_IN_NAV_LIMIT // len(site_data.pillars) + 1
    data = bench.scaled_data(bench.raw_data(PROJECT_ROOT / "data"), scale)
    bench.write_data(data, tmp_path / "data")
    project = load_project(copy_project(tmp_path / "project", tmp_path / "data"))
    assert len(project.data.pillars) > PILLARS_IN_NAV_LIMIT
    assert nav_paths(project.localized_nav(template, "en")) == ["pillars/index.md", "timeline.md"]
    # The pillar pages still exist, and the pillars index links every one of them.
    index = next(spec for spec in project.pages if spec.key == "pillars")
    markdown = project.renderer.render(index, "en")
    for pillar in project.data.pillars:
        assert f'href="{pillar.id}/"' in markdown, pillar.id


def test_a_feed_carries_the_newest_entries_only(tmp_path):
    project = copy_project(tmp_path / "project")
    bench.write_data(bench.scaled_data(bench.raw_data(PROJECT_ROOT / "data"), 5), project / "data")
    renderer = load_project(project).renderer
    events = renderer.data.events
    assert len(events) > FEED_ENTRIES
    for language in ("ar", "en"):
        feed = ElementTree.fromstring(atom_feed(renderer, language))
        entries = feed.findall(f"{{{ATOM}}}entry")
        assert len(entries) == FEED_ENTRIES
        kept = [entry.findtext(f"{{{ATOM}}}updated") for entry in entries]
        assert kept == sorted(kept, reverse=True)
        # Entries written the same day come newest event first, then in the order of
        # their ids, every build.
        data = renderer.data
        event_dates = {event.id: event.date for event in events}
        ids = [entry.findtext(f"{{{ATOM}}}id") for entry in entries]
        order = [
            (kept[index], chronological_key(event_dates.get(ids[index].rsplit("#", 1)[-1], "")))
            for index in range(len(ids))
            if ids[index].rsplit("#", 1)[-1] in event_dates
        ]
        assert order == sorted(order, reverse=True)
        ties = [
            (ids[index], ids[index + 1])
            for index in range(len(ids) - 1)
            if kept[index] == kept[index + 1]
            and event_dates.get(ids[index].rsplit("#", 1)[-1])
            == event_dates.get(ids[index + 1].rsplit("#", 1)[-1])
        ]
        assert len(ties) > 10 and all(a < b for a, b in ties)
        updates = [
            update for record in (*data.pillars, *data.agencies) for update in record.updates
        ]
        written = [atom_date(event.updated or data.site.last_reviewed) for event in events]
        every_date = sorted([*written, *(atom_date(u.date) for u in updates)], reverse=True)
        assert kept == every_date[:FEED_ENTRIES]
        assert feed.findtext(f"{{{ATOM}}}updated") == max(
            kept[0], atom_date(renderer.data.site.last_reviewed)
        )
