"""Text helpers shared by the apps: accent-insensitive search keys and slugs."""

import unicodedata


def search_key(*parts: str | None) -> str:
    """Lower-case, accent-free text for matching: "Bogotá D.C." -> "bogota d.c."."""
    text = " ".join(p for p in parts if p)
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.casefold().split())
