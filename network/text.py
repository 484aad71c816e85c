"""Text helpers shared by the apps: accent-insensitive search keys, word roots and slugs."""

import unicodedata


def search_key(*parts: str | None) -> str:
    """Lower-case, accent-free text for matching: "Bogotá D.C." -> "bogota d.c."."""
    text = " ".join(p for p in parts if p)
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.casefold().split())


# Endings of Spanish and Portuguese words (accent-free), longest first: "participacion" and
# "participativo" share the root "particip", "ciudades" and "ciudad" the root "ciud".
_ENDINGS = tuple(sorted({
    "aciones", "acion", "iciones", "icion", "ciones", "cion", "acoes", "acao", "coes", "cao",
    "ativos", "ativas", "ativo", "ativa", "idades", "idade", "idad", "amente", "mente", "istas", "ista",
    "ismos", "ismo", "ales", "ais", "al", "es", "os", "as", "s",
}, key=len, reverse=True))


def word_root(word: str, *, keep: int = 4) -> str:
    """A crude root for the partial-word match: the word without its ending, never shorter than `keep`."""
    for ending in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= keep:
            return word[: -len(ending)]
    return word
