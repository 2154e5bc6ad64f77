"""Small valid pages for test sites; each test breaks exactly the thing it is about."""

from __future__ import annotations

HEADINGS = {
    "ja": ("チェックリスト", "問いかけ"),
    "en": ("Checklist", "Key questions"),
}


def principle(
    page_id: str = "sample-principle",
    lang: str = "ja",
    *,
    pillar: str = "people",
    series_part: int = 5,
    roles: str = "[leaders, all-staff]",
    summary: str = "A short summary.",
    title: str | None = None,
    items: list[str] | None = None,
    questions: int = 3,
    front_matter: str | None = None,
) -> str:
    """A principle page that passes validation unless an argument breaks it."""
    checklist, questions_heading = HEADINGS[lang]
    if items is None:
        items = [f"Step {n} {{ #{page_id}-step-{n} }}" for n in range(1, 4)]
    meta = (
        front_matter
        if front_matter is not None
        else (
            f"id: {page_id}\npillar: {pillar}\nseries_part: {series_part}\n"
            f"roles: {roles}\nsummary: {summary}\n"
        )
    )
    lines = [
        "---",
        meta.rstrip("\n"),
        "---",
        "",
        f"# {title or page_id}",
        "",
        f"## {checklist} {{ #checklist }}",
        "",
        *[f"- [ ] {item}" for item in items],
        "",
        f"## {questions_heading} {{ #key-questions }}",
        "",
        *[f"- Question {n}?" for n in range(1, questions + 1)],
        "",
    ]
    return "\n".join(lines)


def home(lang: str) -> str:
    return "# ホーム\n\nようこそ。\n" if lang == "ja" else "# Home\n\nWelcome.\n"


def pair(page_id: str = "sample-principle", **kwargs: object) -> dict[str, str]:
    """A Japanese/English principle pair plus both home pages: a minimal valid site."""
    return {
        "ja/index.md": home("ja"),
        "en/index.md": home("en"),
        f"ja/principles/{page_id}.md": principle(page_id, "ja", **kwargs),  # type: ignore[arg-type]
        f"en/principles/{page_id}.md": principle(page_id, "en", **kwargs),  # type: ignore[arg-type]
    }
