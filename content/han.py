"""Traditional Chinese read as Simplified.

Participants from Taiwan and Hong Kong (both ICP partners) type Traditional
characters ("ICP在台灣會選幾個城市？"); the content, its cues and its names are
written in Simplified. Converting the question first lets every Han rule apply
to both. OpenCC's tables (Apache-2.0) ship inside the package and are read on the
first Chinese question, not at start-up.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from content.normalize import is_han


@lru_cache(maxsize=1)
def _converter() -> Any:  # (opencc ships no type hints)
    from opencc import OpenCC

    return OpenCC("t2s")


def simplified(text: str) -> str:
    """The text with its Traditional characters in Simplified form (unchanged without Han)."""
    if not any(is_han(ch) for ch in text):
        return text
    return _converter().convert(text)
