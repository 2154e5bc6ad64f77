"""A synthetic playbook of N principles per language, valid under the content schema.

Used by the benchmark and the search latency measurement. Pages carry checklist items,
key questions, glossary terms and cross-links like real ones, with enough varied text that
search and page weight behave realistically.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import yaml

from dx_playbook.core.model import schema
from dx_playbook.core.model.languages import PLAYBOOK

ROOT = Path(__file__).resolve().parent.parent
PILLARS = list(schema.PILLARS)
ROLES = list(schema.ROLES)

JA_WORDS = [
    "デジタル変革",
    "研修",
    "住民",
    "窓口",
    "職員",
    "推進体制",
    "司令塔",
    "データ",
    "手続き",
    "予算",
    "調達",
    "ICT化",
    "DX",
    "支援員",
    "推進員",
    "アクティブシニア",
    "計画",
    "評価",
    "協働",
    "地域",
    "庁内",
    "情報システム",
    "標準化",
    "業務",
    "改善",
    "利用者",
    "相談",
    "オンライン申請",
    "アクセシビリティ",
    "実証実験",
    "包括連携協定",
    "パブリックマインド",
]
EN_WORDS = [
    "digital",
    "transformation",
    "training",
    "residents",
    "counter",
    "staff",
    "governance",
    "command",
    "data",
    "procedures",
    "budget",
    "procurement",
    "ICT",
    "DX",
    "supporters",
    "promoters",
    "seniors",
    "plan",
    "review",
    "partnership",
    "community",
    "systems",
    "standards",
    "services",
    "improvement",
    "users",
    "online",
    "forms",
    "accessibility",
    "pilots",
    "agreements",
    "public",
    "mind",
]


def sentence(rng: random.Random, lang: str) -> str:
    words = rng.sample(JA_WORDS if lang == "ja" else EN_WORDS, 8)
    if lang == "ja":
        return (
            "、".join(["".join(words[:3]), "".join(words[3:6]), "".join(words[6:])])
            + "を進めます。"
        )
    return " ".join(words).capitalize() + "."


def principle_page(index: int, count: int, lang: str, rng: random.Random) -> str:
    page_id = f"synthetic-{index:04d}"
    pillar = PILLARS[index % len(PILLARS)]
    # Roles are language-neutral: the same in both languages, as validation requires.
    roles = sorted(random.Random(index).sample(ROLES, 3), key=ROLES.index)
    heads = {
        "ja": ("なぜ大切か", "何をするか", "チェックリスト", "問いかけ", "関連する原則"),
        "en": ("Why it matters", "What to do", "Checklist", "Key questions", "Related principles"),
    }[lang]
    paragraphs = ["".join(sentence(rng, lang) for _ in range(3)) for _ in range(8)]
    items = [f"- [ ] {sentence(rng, lang)} {{ #{page_id}-item-{n} }}" for n in range(1, 7)]
    questions = [f"- {sentence(rng, lang).rstrip('.。')}?" for _ in range(3)]
    related = [
        f"- [{'原則' if lang == 'ja' else 'Principle'} {n}](synthetic-{n:04d}.md)"
        for n in ((index + 1) % count, (index + 7) % count)
    ]
    meta = {
        "id": page_id,
        "pillar": pillar,
        "series_part": 1 + index % 7,
        "order": index,
        "roles": roles,
        "summary": sentence(rng, lang),
    }
    title = f"合成原則 {index}" if lang == "ja" else f"Synthetic principle {index}"
    return "\n".join(
        [
            "---",
            yaml.safe_dump(meta, allow_unicode=True).strip(),
            "---",
            "",
            f"# {title}",
            "",
            f"## {heads[0]} {{ #why }}",
            "",
            *paragraphs[:4],
            "",
            f"## {heads[1]} {{ #practices }}",
            "",
            *paragraphs[4:],
            "",
            f"## {heads[2]} {{ #checklist }}",
            "",
            *items,
            "",
            f"## {heads[3]} {{ #key-questions }}",
            "",
            *questions,
            "",
            f"## {heads[4]} {{ #related }}",
            "",
            *related,
            "",
        ]
    )


def write_project(target: Path, count: int, *, seed: int = 1) -> Path:
    """A project folder with the real config and theme and ``count`` principles per language."""
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    for name in ("overrides", "data"):
        if (ROOT / name).exists():
            shutil.copytree(ROOT / name, target / name)
    # The real items' roles and start-here path name the real pages' items, not these.
    (target / "data" / "checklist.yml").unlink(missing_ok=True)
    # The real changelog names the real pages (the dashboard, the downloads), not these.
    (target / "data" / "changelog.yml").unlink(missing_ok=True)
    for name in ("package.json",):
        shutil.copy2(ROOT / name, target / name)
    if (ROOT / "node_modules").exists():
        (target / "node_modules").symlink_to(ROOT / "node_modules")
    rng = random.Random(seed)
    for lang in PLAYBOOK.codes:
        docs = target / "docs" / lang
        (docs / "principles").mkdir(parents=True)
        home = (
            "# 合成プレイブック\n\n本文。\n" if lang == "ja" else "# Synthetic playbook\n\nText.\n"
        )
        (docs / "index.md").write_text(home, encoding="utf-8")
        for index in range(count):
            (docs / "principles" / f"synthetic-{index:04d}.md").write_text(
                principle_page(index, count, lang, rng), encoding="utf-8"
            )
    config = strip_nav((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    (target / "mkdocs.yml").write_text(config + synthetic_nav(count), encoding="utf-8")
    return target


#: Principles per navigation chapter, and chapters per part: like the real nav (pillars of four
#: to six principles), a reader's page lists a bounded number of siblings at every level, so page
#: size stays flat as N grows (a flat list of chapters would grow with N on every page).
CHAPTER = 25
PART = 4


def synthetic_nav(count: int) -> str:
    """A ``nav:`` grouped by pillar, then by parts of :data:`PART` chapters (when a pillar has
    more chapters than that), then by chapters of :data:`CHAPTER` principles."""
    lines = ["", "nav:", "  - index.md"]
    for pillar in PILLARS:
        ids = [i for i in range(count) if PILLARS[i % len(PILLARS)] == pillar]
        chapters = [ids[start : start + CHAPTER] for start in range(0, len(ids), CHAPTER)]
        lines.append(f"  - {pillar}:")
        if len(chapters) <= PART:
            lines += _chapters(pillar, chapters, 0, "    ")
            continue
        for part_start in range(0, len(chapters), PART):
            lines.append(f"    - {pillar} part {part_start // PART + 1}:")
            lines += _chapters(
                pillar, chapters[part_start : part_start + PART], part_start, "      "
            )
    return "\n".join(lines) + "\n"


def _chapters(pillar: str, chapters: list[list[int]], first: int, indent: str) -> list[str]:
    lines = []
    for number, chapter in enumerate(chapters, start=first + 1):
        lines.append(f"{indent}- {pillar} {number}:")
        lines += [f"{indent}  - principles/synthetic-{i:04d}.md" for i in chapter]
    return lines


def strip_nav(config: str) -> str:
    """The real config without its ``nav:`` block (synthetic pages use MkDocs' automatic nav)."""
    lines = config.split("\n")
    kept, skipping = [], False
    for line in lines:
        if line.startswith("nav:"):
            skipping = True
            continue
        if skipping and (line.startswith(" ") or not line.strip()):
            continue
        skipping = False
        kept.append(line)
    return "\n".join(kept)
