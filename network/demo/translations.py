"""The demo's translated content (calls, courses, the next congress in pt-BR and en), so a visitor
switching language sees translated pages beside ones shown in their original with a note."""


def add_translations(obj, translations: dict) -> None:
    """Fill the translations a demo object is missing; a text a person wrote is never replaced."""
    missing = {name: text for name, text in translations.items() if not getattr(obj, name, None)}
    if missing:
        for name, text in missing.items():
            setattr(obj, name, text)
        obj.save(update_fields=list(missing))
