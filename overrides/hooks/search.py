"""MkDocs hook: the site's search, as the build makes it.

The lunr language file. Material's search worker loads lunr-languages' Vietnamese support
(assets/javascripts/lunr/min/lunr.vi.min.js) for both languages' indexes; the build ships the
installed Material's own file with search.js (folding) appended, so a Material upgrade brings its
file and the extension follows, with nothing to re-paste.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.plugins import event_priority
from mkdocs.structure.files import File

LUNR_VI = "assets/javascripts/lunr/min/lunr.vi.min.js"
EXTENSION = Path(__file__).with_name("search.js")


@event_priority(-110)  # after mkdocs-static-i18n (-100), which expects every file to have a source path
def on_files(files, config, **kwargs):
    """Ship Material's lunr.vi.min.js with search.js appended, and not search.js on its own."""
    shipped = files.get_file_from_path(LUNR_VI)
    upstream = Path(shipped.abs_src_path).read_text(encoding="utf-8").rstrip("\n")
    files.remove(shipped)
    files.append(File.generated(config, LUNR_VI, content=upstream + "\n" + EXTENSION.read_text(encoding="utf-8")))
    for theme_dir in map(Path, config.theme.dirs):
        if EXTENSION.is_relative_to(theme_dir):
            ours = files.get_file_from_path(EXTENSION.relative_to(theme_dir).as_posix())
            if ours is not None:
                files.remove(ours)
    return files
