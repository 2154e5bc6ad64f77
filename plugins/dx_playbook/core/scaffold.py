"""A new principle as a Japanese/English pair of pages, from the templates in ``templates/``.

The pages pass validation as soon as they are written: every sentence a contributor must replace
is marked "(下書き)" / "(Draft)", and the checklist items carry placeholder IDs
(``<id>-draft-1``) to be renamed before the page is published. The English page records the
fingerprint of the new Japanese page, so the pair starts "up to date" and turns "out of date" as
soon as the Japanese text is written.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from string import Template

from dx_playbook.core import schema
from dx_playbook.core.frontmatter import parse
from dx_playbook.core.translations import RECORD_FIELD, Record, fingerprint_of

#: The suffix of the longest placeholder item ID: the principle ID must leave room for it.
_ITEM_SUFFIX = "-draft-9"
#: The part of the series a pillar draws on first, when none is given.
DEFAULT_PART = {"mission": 1, "strategy": 3, "people": 4, "public-mind": 6}


class ScaffoldError(ValueError):
    """A request that cannot be carried out; the message says why and what to do."""


@dataclass(frozen=True)
class NewPrinciple:
    id: str
    pillar: str
    series_part: int
    order: int
    roles: tuple[str, ...]
    title_ja: str
    title_en: str


def check_request(spec: NewPrinciple) -> None:
    """Raise :class:`ScaffoldError` when the request would not give a valid page pair."""
    if not schema.is_slug(spec.id):
        raise ScaffoldError(
            f"'{spec.id}' is not a valid ID: use lowercase letters, digits and single hyphens, "
            f"e.g. '{schema.suggest_slug(spec.id)}'"
        )
    if len(spec.id) + len(_ITEM_SUFFIX) > schema.SLUG_MAX_LENGTH:
        raise ScaffoldError(
            f"'{spec.id}' is too long: keep it under "
            f"{schema.SLUG_MAX_LENGTH - len(_ITEM_SUFFIX)} characters so item IDs fit"
        )
    if spec.pillar not in schema.PILLARS:
        raise ScaffoldError(
            f"unknown pillar '{spec.pillar}': use one of {', '.join(schema.PILLARS)}"
        )
    if spec.series_part not in schema.SERIES_PARTS:
        raise ScaffoldError(f"part {spec.series_part} is not from 1 to 7")
    unknown = [role for role in spec.roles if role not in schema.ROLES]
    if unknown or not spec.roles:
        raise ScaffoldError(
            f"unknown role(s) {', '.join(unknown) or '(none given)'}: use {', '.join(schema.ROLES)}"
        )
    for title in (spec.title_ja, spec.title_en):
        if not title.strip() or "\n" in title:
            raise ScaffoldError("a title must be one line of text")


def target_paths(docs_dir: Path, principle_id: str) -> dict[str, Path]:
    return {
        lang: docs_dir / lang / schema.PRINCIPLES_DIR / f"{principle_id}.md"
        for lang in schema.LANGUAGES
    }


def _template(lang: str) -> Template:
    text = resources.files("dx_playbook.core").joinpath(f"templates/principle.{lang}.md")
    return Template(text.read_text(encoding="utf-8"))


def render_pair(spec: NewPrinciple, docs_dir: Path, today: datetime.date) -> dict[str, str]:
    """The text of the Japanese and English pages, keyed by language."""
    pillar_page = docs_dir / schema.SOURCE_LANGUAGE / "pillars" / f"{spec.pillar}.md"
    texts: dict[str, str] = {}
    # The original first: each translation records the fingerprint of its text.
    languages = sorted(schema.LANGUAGES, key=lambda lang: lang != schema.SOURCE_LANGUAGE)
    for lang in languages:
        # Link to the pillar's overview where it exists, else to the home page: both languages
        # get the same link, and a strict build finds its target.
        if pillar_page.is_file():
            related_title, related_link = (
                schema.PILLARS[spec.pillar][lang],
                f"../pillars/{spec.pillar}.md",
            )
        else:
            related_title, related_link = ("ホーム" if lang == "ja" else "Home"), "../index.md"
        record = ""
        if lang != schema.SOURCE_LANGUAGE:
            original = parse(texts[schema.SOURCE_LANGUAGE])
            current = fingerprint_of(original.meta, original.body)
            record = f'{RECORD_FIELD}: "{Record(current, today)}"\n'
        texts[lang] = _template(lang).substitute(
            id=spec.id,
            pillar=spec.pillar,
            series_part=spec.series_part,
            order=spec.order,
            roles=", ".join(spec.roles),
            title=spec.title_ja if lang == "ja" else spec.title_en,
            related_title=related_title,
            related_link=related_link,
            translation_of=record,
        )
    return texts


def write_pair(spec: NewPrinciple, docs_dir: Path, today: datetime.date) -> list[Path]:
    """Create both pages; refuses (``ScaffoldError``) if either already exists."""
    check_request(spec)
    paths = target_paths(docs_dir, spec.id)
    for path in paths.values():
        if path.exists():
            raise ScaffoldError(f"{path} already exists: choose another ID or edit that file")
    texts = render_pair(spec, docs_dir, today)
    written: list[Path] = []
    try:
        for lang, path in paths.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            # "x": never overwrite, even if the file appeared since the check above.
            with path.open("x", encoding="utf-8", newline="\n") as file:
                file.write(texts[lang])
            written.append(path)
    except FileExistsError as error:
        for path in written:
            path.unlink()
        raise ScaffoldError(f"{error.filename} already exists: choose another ID") from None
    return written
