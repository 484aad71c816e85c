from __future__ import annotations

from django.db import models
from django.utils.text import slugify


def unique_slug(model: type[models.Model], text: str, *, max_length: int = 120) -> str:
    base = (slugify(text)[: max_length - 6].strip("-")) or "item"
    slug, n = base, 1
    while model.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug
