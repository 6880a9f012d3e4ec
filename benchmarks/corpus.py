"""An invented news corpus of any size, for the scale benchmark: ``python -m benchmarks.corpus N FOLDER``.

Every article is made up from templates (invented mayors, councils and programs; real cities, so
that the gazetteer places them): a delegation from one city to one or two others, a date, a
sister-city line in some, and a sidecar with title, outlet and publication date. Deterministic for a
seed; each text is different (so none is skipped as a duplicate).
"""

from __future__ import annotations

import json
import random
import sys
from datetime import date, timedelta
from pathlib import Path

HOMES = (
    ("Tulsa", "Oklahoma"), ("Boise", "Idaho"), ("Des Moines", "Iowa"), ("Omaha", "Nebraska"),
    ("Wichita", "Kansas"), ("Spokane", "Washington"), ("Tacoma", "Washington"), ("Dayton", "Ohio"),
    ("Toledo", "Ohio"), ("Madison", "Wisconsin"), ("Rochester", "Minnesota"), ("Lansing", "Michigan"),
    ("Springfield", "Illinois"), ("Louisville", "Kentucky"), ("Knoxville", "Tennessee"),
    ("Chattanooga", "Tennessee"), ("Savannah", "Georgia"), ("Charleston", "South Carolina"),
    ("Raleigh", "North Carolina"), ("Richmond", "Virginia"), ("Albany", "New York"),
    ("Portland", "Maine"), ("Burlington", "Vermont"), ("Tucson", "Arizona"), ("Reno", "Nevada"),
    ("Sacramento", "California"), ("Fresno", "California"), ("Eugene", "Oregon"),
    ("Anchorage", "Alaska"), ("Honolulu", "Hawaii"), ("Perth", "Western Australia"),
    ("Adelaide", "South Australia"), ("Brisbane", "Queensland"), ("Hobart", "Tasmania"),
)
ABROAD = (
    ("Osaka", "Japan"), ("Kobe", "Japan"), ("Sapporo", "Japan"), ("Nagoya", "Japan"),
    ("Fukuoka", "Japan"), ("Sendai", "Japan"), ("Kyoto", "Japan"), ("Hiroshima", "Japan"),
    ("Wuhan", "China"), ("Chengdu", "China"), ("Hangzhou", "China"), ("Qingdao", "China"),
    ("Xiamen", "China"), ("Harbin", "China"), ("Kunming", "China"), ("Nanjing", "China"),
    ("Taichung", "Taiwan"), ("Kaohsiung", "Taiwan"), ("Tainan", "Taiwan"), ("Busan", "South Korea"),
    ("Daegu", "South Korea"), ("Incheon", "South Korea"), ("Cebu", "Philippines"),
    ("Da Nang", "Vietnam"), ("Chiang Mai", "Thailand"), ("Surabaya", "Indonesia"),
    ("Pune", "India"), ("Monterrey", "Mexico"), ("Guadalajara", "Mexico"), ("Cork", "Ireland"),
    ("Lyon", "France"), ("Hamburg", "Germany"), ("Gdansk", "Poland"), ("Porto", "Portugal"),
)
FIRST = ("Dana", "Lee", "Maria", "James", "Aiko", "Chen", "Priya", "Tom", "Ruth", "Omar", "Grace",
         "Victor", "Helen", "Marcus", "Elena", "Samuel", "Nora", "Felix", "Ines", "Walter")
LAST = ("Ortiz", "Hartman", "Brooks", "Nakamura", "Whitfield", "Delgado", "Kowalski", "Lindqvist",
        "Okafor", "Pereira", "Sandoval", "Thornton", "Varga", "Yamada", "Castellano", "Albright")
WHO = ("city council members", "business leaders", "university officials", "school principals",
       "port officials", "farmers", "hospital administrators", "trade officials")
OUTLETS = ("The Prairie Courier", "Harbor Daily", "The Valley Ledger", "Coastal Times",
           "The Mountain Record", "Capital Gazette")
TOPICS = ("trade and investment", "tourism", "student exchanges", "water management", "port logistics",
          "clean energy", "agriculture", "public health")


def article(i: int, rng: random.Random) -> tuple[str, dict[str, str]]:
    """The text and the sidecar of invented article number ``i``."""
    home, state = rng.choice(HOMES)
    first, country = rng.choice(ABROAD)
    second = rng.choice([c for c, where in ABROAD if where == country and c != first] or [first])
    mayor = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    host = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    council = f"{home} {rng.choice(('Friendship Council', 'Sister Cities Association', 'Trade Office'))}"
    program = f"{home}-{country} {rng.choice(('Exchange', 'Partnership Program', 'Trade Mission'))}"
    start = date(2015, 1, 1) + timedelta(days=rng.randrange(3650))
    days = rng.randrange(2, 9)
    published = start + timedelta(days=days + rng.randrange(1, 20))
    when = f"{start:%B} {start.day}, {start.year}"
    topic = rng.choice(TOPICS)
    lines = [
        f"{home.upper()}, {state} — Mayor {mayor} led a delegation of {rng.randrange(4, 30)} "
        f"{rng.choice(WHO)} from {home} to {first}, {country}, on {when}, under the {program}.",
        f"During the {days}-day visit the group met {first} officials to discuss {topic}, "
        f"and later travelled to {second} before returning home.",
    ]
    if rng.random() < 0.4:
        lines.append(f"{home} and {first} have been sister cities since {rng.randrange(1960, 2015)}.")
    lines.append(f"The trip was organised by the {council}. \"We came to listen and to learn,\" "
                 f"{mayor} said after meeting {host}, who welcomed the visitors in {first}.")
    lines.append(f"Reference {i:07d}: the council will report on the visit at its next meeting.")
    sidecar = {"title": f"{home} delegation visits {first} ({i})", "outlet": rng.choice(OUTLETS),
               "published": published.isoformat(), "language": "en",
               "notes": "INVENTED for the scale benchmark: not a real article."}
    return "\n\n".join(lines) + "\n", sidecar


def write_corpus(folder: Path, n: int, seed: int = 15, first: int = 0) -> list[Path]:
    """Write ``n`` invented articles (``.txt`` and ``.json``) under ``folder``, 1,000 a subfolder, numbered
    from ``first`` (articles of another number and seed are new to a store that holds the others)."""
    rng = random.Random(seed)
    paths = []
    for i in range(first, first + n):
        sub = folder / f"part_{i // 1000:03d}"
        sub.mkdir(parents=True, exist_ok=True)
        text, sidecar = article(i, rng)
        path = sub / f"article_{i:07d}.txt"
        path.write_text(text, encoding="utf-8")
        path.with_suffix(".json").write_text(json.dumps(sidecar), encoding="utf-8")
        paths.append(path)
    return paths


if __name__ == "__main__":
    if len(sys.argv) != 3 or not sys.argv[1].isdigit():
        sys.exit("usage: python -m benchmarks.corpus N FOLDER")
    written = write_corpus(Path(sys.argv[2]), int(sys.argv[1]))
    print(f"{len(written)} articles under {sys.argv[2]}")
