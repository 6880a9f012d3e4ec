"""Second blind held-out corpus: 10 invented articles annotated without seeing the extraction code
nor the first blind set (tests/data/blind).

Same measurement and floors as tests/test_blind_corpus.py, on tests/data/blind2 and its gold.json.
The helpers (key normalisation, distance, Tally, floors) are imported from that module; the scoring
loop is copied because it lives inside the first set's test function.

Run with -s to see the figures and every miss.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from geo.models import Resolved
from geo.pipeline import Extractor
from geo.reading import read_document
from tests.test_blind_corpus import CITY_KM, FLOORS, Tally, describe, key, km, start_of

BLIND2 = Path(__file__).parent / "data" / "blind2"
GOLD2 = json.loads((BLIND2 / "gold.json").read_text(encoding="utf-8"))["documents"]


def test_blind2_corpus(nlp: Any, gazetteer: Any) -> None:
    """The pipeline meets the floors on the second blind held-out set."""
    extractor = Extractor(nlp, gazetteer)
    cities, units, precision = Tally(), Tally(), Tally()
    origin_ok, month_ok = Tally(), Tally()
    trip_misses: list[str] = []
    n_pred_trips = n_gold_trips = n_matched = 0

    for doc_id, gold in sorted(GOLD2.items()):
        path = BLIND2 / f"{doc_id}.txt"
        extraction = extractor.extract(read_document(path))
        places = list(extraction.places)
        ordered = sorted(enumerate(places), key=lambda ip: start_of(ip[0], ip[1]))
        first: dict[str, Any] = {}
        for _, m in ordered:
            first.setdefault(key(m.span.text), m)
        gold_by_key: dict[str, dict[str, Any]] = {}
        for g in gold["places"]:
            gold_by_key.setdefault(key(g["text"]), g)

        # Places: recall of cities (distance) and of admin1/countries (country).
        for g in gold["places"]:
            if g.get("optional") or g.get("qualifier"):
                continue
            m = first.get(key(g["text"]))
            got = describe(m) if m is not None else "not found"
            expected = f"{g['kind']} {g['country']} ({g['lat']}, {g['lon']})"
            miss = f"{doc_id}: {g['text']!r} expected {expected}, got {got}"
            res = m.resolution if m is not None else None
            if g["kind"] == "city":
                ok = (
                    isinstance(res, Resolved)
                    and km(g["lat"], g["lon"], res.place.lat, res.place.lon) <= CITY_KM
                )
                if isinstance(res, Resolved):
                    miss += f" [{km(g['lat'], g['lon'], res.place.lat, res.place.lon):.0f} km off]"
                cities.add(ok, miss)
            elif g["kind"] in ("admin1", "country"):
                ok = isinstance(res, Resolved) and res.place.country == g["country"]
                units.add(ok, miss)

        # Places: precision of distinct predicted texts.
        for k, m in first.items():
            precision.add(
                k in gold_by_key, f"{doc_id}: predicted {m.span.text!r} -> {describe(m)}, not a gold place"
            )

        # Trips.
        def text_of(i: int, places: list[Any] = places) -> str:
            return key(places[i].span.text)

        pred = [
            {
                "origins": [text_of(i) for i in t.origins],
                "destinations": [text_of(i) for i in t.destinations],
                "start": str(t.date.start) if getattr(t, "date", None) is not None and t.date.start else None,
            }
            for t in extraction.trips
        ]
        golds = gold["trips"]
        n_pred_trips += len(pred)
        n_gold_trips += len(golds)
        used: set[int] = set()
        for gt in golds:
            gdest = {key(x) for x in gt["destinations"]}
            gorig = {key(x) for x in gt["origins"]}
            match = next(
                (pi for pi, p in enumerate(pred) if pi not in used and gdest & set(p["destinations"])), None
            )
            label = f"{doc_id}: gold trip {gt['origins']} -> {gt['destinations']} ({gt['start']})"
            if match is None:
                trip_misses.append(f"{label}: no predicted trip goes to any of its destinations")
                continue
            used.add(match)
            n_matched += 1
            p = pred[match]
            got = f"predicted {p['origins']} -> {p['destinations']} ({p['start']})"
            origin_ok.add(bool(gorig & set(p["origins"])), f"{label}: wrong origin, {got}")
            if gt["start"] is not None:
                month_ok.add(
                    bool(p["start"]) and p["start"][:7] == gt["start"][:7],
                    f"{label}: wrong start month, {got}",
                )
        for pi, p in enumerate(pred):
            if pi not in used:
                trip_misses.append(
                    f"{doc_id}: spurious predicted trip {p['origins']} -> {p['destinations']} ({p['start']})"
                )

    tp = n_matched
    trip_p = tp / n_pred_trips if n_pred_trips else 0.0
    trip_r = tp / n_gold_trips if n_gold_trips else 0.0
    trip_f1 = 2 * trip_p * trip_r / (trip_p + trip_r) if trip_p + trip_r else 0.0

    figures = {
        "cities within 161 km": cities.share,
        "admin1/countries in right country": units.share,
        "place precision": precision.share,
        "trip F1": trip_f1,
        "matched trips with right origin": origin_ok.share,
        "matched trips with right start month": month_ok.share,
    }
    print(f"\n=== Blind corpus 2: {len(GOLD2)} held-out articles ===")
    print(f"cities within {CITY_KM:.0f} km: {cities.hits}/{cities.total} = {cities.share:.3f}")
    print(f"admin1/countries in right country: {units.hits}/{units.total} = {units.share:.3f}")
    print(f"place precision (distinct texts): {precision.hits}/{precision.total} = {precision.share:.3f}")
    print(
        f"trips: predicted {n_pred_trips}, gold {n_gold_trips}, matched {tp}; "
        f"P={trip_p:.3f} R={trip_r:.3f} F1={trip_f1:.3f}"
    )
    print(f"matched trips with right origin: {origin_ok.hits}/{origin_ok.total} = {origin_ok.share:.3f}")
    print(f"matched trips with right start month: {month_ok.hits}/{month_ok.total} = {month_ok.share:.3f}")
    for title, misses in (
        ("City misses", cities.misses),
        ("Admin1/country misses", units.misses),
        ("Precision misses", precision.misses),
        ("Trip misses", trip_misses),
        ("Origin misses", origin_ok.misses),
        ("Start-month misses", month_ok.misses),
    ):
        print(f"--- {title} ({len(misses)}) ---")
        for line in misses:
            print("  " + line)

    below = [
        f"{name} {figures[name]:.3f} < {floor}" for name, floor in FLOORS.items() if figures[name] < floor
    ]
    assert not below, "Blind corpus 2 below floors: " + "; ".join(below)
