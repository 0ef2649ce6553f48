"""MkDocs hook: what mkdocs-static-i18n leaves undone for a two-language site.

1. Search per language. The i18n plugin writes one search index for both languages, so an
   English reader gets Vietnamese pages and the other way round. After the build this hook
   splits it: site/search/search_index.json keeps the default language's pages, and every other
   language gets site/<lang>/search/search_index.json, with locations relative to that
   language's root (overrides/main.html makes that root the search base of its pages). Both
   indexes run the Vietnamese folding pipeline of lunr.vi (overrides/hooks/search.js, which
   overrides/hooks/search.py appends to it), so "dat hiem" finds "đất hiếm" and "Lai Chau" finds
   "Lai Châu".
2. A 404 page per language. Each language build writes site/404.html and the last one wins;
   this keeps the default language's at site/404.html and writes the others to
   site/<lang>/404.html.
"""

from __future__ import annotations

import json
from pathlib import Path

from mkdocs.plugins import event_priority

_not_found: dict[str, str] = {}


@event_priority(-110)  # after mkdocs-static-i18n (-100) has set the language of this build
def on_config(config, **kwargs):
    """Each language's build starts with no 404 page of its own kept (`mkdocs serve` rebuilds in
    the same process, and the i18n plugin builds each other language inside the first's build)."""
    _not_found.pop(config.theme["language"], None)
    return config


def _languages(config) -> tuple[str, list[str]]:
    languages = config.plugins["i18n"].config.languages
    default = next(lang.locale for lang in languages if lang.default)
    return default, [lang.locale for lang in languages if lang.locale != default and lang.build]


def on_post_template(output: str, template_name: str, config, **kwargs) -> str:
    if template_name != "404.html":
        return output
    default, others = _languages(config)
    lang = config.theme["language"]
    _not_found[lang] = output
    if lang in others:
        target = Path(config.site_dir) / lang / "404.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(output, encoding="utf-8")
        return _not_found.get(default, output)
    return output


@event_priority(-110)  # after mkdocs-static-i18n (-100) has built every language and the index
def on_post_build(config, **kwargs) -> None:
    default, others = _languages(config)
    root = Path(config.site_dir)
    path = root / "search" / "search_index.json"
    if not path.exists():
        return
    index = json.loads(path.read_text(encoding="utf-8"))
    split = {default: []} | {lang: [] for lang in others}
    for doc in index["docs"]:
        lang = next((lang for lang in others if doc["location"].startswith(f"{lang}/")), default)
        if lang != default:
            doc = {**doc, "location": doc["location"][len(lang) + 1 :]}
        split[lang].append(doc)
    if not any(split[lang] for lang in others):
        return  # an inner build, before the other languages exist
    for lang, docs in split.items():
        target = root / ("" if lang == default else lang) / "search" / "search_index.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        lunr_langs = ["vi"] if lang == "vi" else [lang, "vi"]
        config_out = {**index["config"], "lang": lunr_langs}
        target.write_text(
            json.dumps({**index, "config": config_out, "docs": docs}, ensure_ascii=False, separators=(",", ":")),
            encoding="utf-8",
        )
