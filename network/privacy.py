"""Personal data through its whole life: each app declares, next to its models, which fields hold
personal data, whose rows they are, and what erasure does to each field; this module exports a
person's data and erases a person across every app from those declarations alone.

    declare_personal(PersonalData(
        model=Registration, owner=lambda s: Q(person_id__in=s.person_ids),
        fields={"dietary_needs": ERASE, "person": KEEP_LINK},
        purpose=_("Event registrations: the place, the nights and the needs the host must know"),
    ))

What erasure does to a field (`Fate`):
- ERASE: emptied ("" or None); the record stays (counts in the annual report do not move).
- PSEUDONYMISE: replaced by the person's pseudonym, the same in every app (so staff still see that
  two records belonged to one former participant, never who).
- KEEP: kept, with the reason the law or the network's records require it. A link to the person's
  own record (their login or person row) is kept: that record is itself pseudonymised.

A test (tests/network/test_privacy.py) fails when a model with a personal field is not declared.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .registry import Registry

if TYPE_CHECKING:
    from .models import DataExport
    from .models import ErasureRequest


class Fate(models.TextChoices):
    ERASE = "erase", pgettext_lazy("on erasure", "Deleted")
    PSEUDONYMISE = "pseudonymise", _("Replaced by a pseudonym")
    KEEP = "keep", _("Kept")


@dataclass(frozen=True)
class FieldFate:
    fate: Fate
    reason: str = ""  # why a kept field is kept (shown on the privacy page)


ERASE = FieldFate(Fate.ERASE)
PSEUDONYMISE = FieldFate(Fate.PSEUDONYMISE)
KEEP_LINK = FieldFate(Fate.KEEP, _("A link to the person's own record, which is pseudonymised"))


def keep(reason) -> FieldFate:
    return FieldFate(Fate.KEEP, reason)


@dataclass
class Subject:
    """Whose data: a login (or none: a webinar registration without an account), the person
    records linked to it or to its address, and the addresses."""

    user: object | None
    person_ids: list[int] = dataclass_field(default_factory=list)
    emails: set[str] = dataclass_field(default_factory=set)
    names: set[str] = dataclass_field(default_factory=set)  # how they are called (for free text)

    @property
    def user_id(self) -> int | None:
        return getattr(self.user, "pk", None)

    def email_q(self, name: str = "email") -> Q:
        query = Q(pk__in=[])
        for email in self.emails:
            query |= Q(**{f"{name}__iexact": email})
        return query


@dataclass(frozen=True)
class PersonalData:
    model: type
    owner: Callable[[Subject], Q]  # the rows that are the subject's
    fields: dict[str, FieldFate]
    purpose: str = ""  # what it is kept for (the privacy page)
    export: bool = True  # included in the person's download

    @property
    def label(self) -> str:
        return self.model._meta.label_lower


PERSONAL_DATA: Registry[PersonalData] = Registry("personal data declaration")


def declare_personal(declaration: PersonalData) -> PersonalData:
    missing = [name for name, fate in declaration.fields.items() if fate.fate == Fate.KEEP and not fate.reason]
    if missing:
        raise ValueError(f"{declaration.label}: a kept field needs its reason: {missing}")
    return PERSONAL_DATA.register(declaration.label, declaration)


def declarations() -> list[PersonalData]:
    return sorted(PERSONAL_DATA.values(), key=lambda d: d.label)


# --- Whose data --------------------------------------------------------------------------------------
def subject_for(user) -> Subject:
    """The subject of a login: the login, its person records, and its addresses (verified or not)."""
    from allauth.account.models import EmailAddress

    from .models import Person

    emails = {user.email.lower()} if user.email else set()
    emails |= {e.lower() for e in EmailAddress.objects.filter(user=user).values_list("email", flat=True)}
    people = list(Person.objects.filter(Q(user=user) | Q(email__in=emails, user__isnull=True)))
    names = {user.name} | {f"{p.first_name} {p.last_name}".strip() for p in people}
    return Subject(user=user, person_ids=[p.pk for p in people], emails=emails,
                   names={name for name in names if name and len(name) >= 3})


def pseudonym(subject: Subject) -> str:
    """The same pseudonym in every app for one person, from which nobody can tell who it was."""
    seed = f"{subject.user_id}:{sorted(subject.person_ids)}:{settings.SECRET_KEY}"
    return "anon-" + hashlib.sha256(seed.encode()).hexdigest()[:10]


# --- Export ------------------------------------------------------------------------------------------
def _value(instance, field):
    value = field.value_from_object(instance)
    if isinstance(field, models.FileField):
        return value.name if value else ""
    if isinstance(field, models.ForeignKey):
        related = getattr(instance, field.name, None)
        return str(related) if related is not None else None
    return value


def personal_rows(subject: Subject, declaration: PersonalData):
    return declaration.model._default_manager.filter(declaration.owner(subject)).distinct()


def export_data(subject: Subject) -> dict[str, dict[str, list[dict]]]:
    """Everything the portal holds about `subject`, by app and model: every declared field of every
    row that is theirs (plus the row's own description)."""
    data: dict[str, dict[str, list[dict]]] = {}
    for declaration in declarations():
        if not declaration.export:
            continue
        model = declaration.model
        fields = [model._meta.get_field(name) for name in declaration.fields]
        rows = []
        for instance in personal_rows(subject, declaration).order_by("pk"):
            row = {"id": instance.pk, "record": str(instance)}
            row |= {f.name: _value(instance, f) for f in fields}
            rows.append(row)
        if rows:
            data.setdefault(model._meta.app_label, {})[model._meta.model_name] = rows
    return data


def export_zip(subject: Subject, *, progress: Callable[[int], None] | None = None) -> bytes:
    """The person's download: a JSON file per app, and every file of theirs (documents, images,
    certificates) under files/."""
    data = export_data(subject)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.txt", str(_(
            "Everything the portal holds about you, as of %(date)s: one JSON file per part of the portal, "
            "and your files under files/.") % {"date": timezone.now().isoformat(timespec="seconds")}))
        for app_label, models_data in sorted(data.items()):
            archive.writestr(f"{app_label}.json", json.dumps(models_data, cls=DjangoJSONEncoder, indent=2,
                                                             ensure_ascii=False))
        file_declarations = [d for d in declarations() if d.export and any(
            isinstance(d.model._meta.get_field(name), models.FileField) for name in d.fields)]
        for index, declaration in enumerate(file_declarations):
            file_fields = [declaration.model._meta.get_field(name) for name in declaration.fields
                           if isinstance(declaration.model._meta.get_field(name), models.FileField)]
            for instance in personal_rows(subject, declaration):
                for file_field in file_fields:
                    stored = getattr(instance, file_field.name)
                    if not stored:
                        continue
                    try:
                        with stored.open("rb") as handle:
                            content = handle.read()
                    except OSError:
                        continue  # a file lost from storage: the JSON still names it
                    name = stored.name.rsplit("/", 1)[-1]
                    archive.writestr(f"files/{declaration.model._meta.app_label}/{declaration.model._meta.model_name}/"
                                     f"{instance.pk}-{name}", content)
            if progress:
                progress(int(100 * (index + 1) / max(len(file_declarations), 1)))
    return buffer.getvalue()


# --- Erasure -----------------------------------------------------------------------------------------
def _erased_value(field, subject: Subject, fate: Fate):
    if fate == Fate.PSEUDONYMISE:
        if isinstance(field, models.EmailField):
            return f"{pseudonym(subject)}@erased.invalid"
        return pseudonym(subject)[: field.max_length] if field.max_length else pseudonym(subject)
    if isinstance(field, models.JSONField):
        return field.get_default()
    if field.null:
        return None
    if isinstance(field, models.FileField):
        return ""
    if isinstance(field, models.BooleanField):
        return False
    return field.get_default() if field.has_default() else ""


@transaction.atomic
def erase(subject: Subject, *, by=None) -> dict[str, int]:
    """Anonymise `subject` across every app in one transaction; returns the rows changed by model.
    Records stay (the annual report's counts do not move); what names the person is emptied or
    replaced by their pseudonym; files are deleted from storage."""
    changed: dict[str, int] = {}
    for declaration in declarations():
        model = declaration.model
        touched = {name: fate for name, fate in declaration.fields.items() if fate.fate != Fate.KEEP}
        if not touched:
            continue
        pks = list(personal_rows(subject, declaration).values_list("pk", flat=True))
        rows = list(model._default_manager.filter(pk__in=pks).select_for_update(of=("self",)))
        for instance in rows:
            update = {}
            for name, fate in touched.items():
                field = model._meta.get_field(name)
                if isinstance(field, models.FileField):
                    stored = getattr(instance, name)
                    if stored:
                        stored.delete(save=False)
                update[field.attname] = _erased_value(field, subject, fate.fate)
            model._default_manager.filter(pk=instance.pk).update(**update)
        if rows:
            changed[declaration.label] = len(rows)
        _erase_history(model, [instance.pk for instance in rows])
    for hook in ERASURE_HOOKS.values():
        hook(subject)
    return changed


def _erase_history(model, pks: list[int]) -> None:
    """The change history (django-simple-history) keeps copies of the rows: those go."""
    history = getattr(model, "history", None)
    if pks and history is not None and hasattr(history, "model"):
        history.model.objects.filter(id__in=pks).delete()


# What no model declaration covers (sign-in records, sessions, the admin's log …): functions run at
# the end of an erasure, in the same transaction.
ERASURE_HOOKS: Registry[Callable[[Subject], None]] = Registry("erasure hook")


# --- The person's requests ---------------------------------------------------------------------------
def data_export_request(*, user) -> DataExport:
    """Queue a download of everything about `user` (one at a time: a second click gets the same)."""
    from .models import DataExport
    from .queue import enqueue_on_commit
    from .tasks import build_data_export

    with transaction.atomic():
        pending = (DataExport.objects.select_for_update()
                   .filter(user=user, state__in=[DataExport.State.QUEUED, DataExport.State.RUNNING]).first())
        if pending is not None:
            return pending
        export = DataExport.objects.create(user=user)
        enqueue_on_commit(build_data_export, export_id=export.pk)  # or the catch-up job
    return export


def data_export_build(*, export_id: int) -> DataExport:
    """Build the ZIP, saving the progress as it goes (each step committed, for the page that polls)."""
    from django.core.files.base import ContentFile

    from .models import DataExport

    export = DataExport.objects.select_related("user").get(pk=export_id)
    if export.state == DataExport.State.DONE:
        return export
    DataExport.objects.filter(pk=export_id).update(state=DataExport.State.RUNNING, progress=5)

    def progress(percent: int) -> None:
        DataExport.objects.filter(pk=export_id).update(progress=max(5, min(95, percent)))

    content = export_zip(subject_for(export.user), progress=progress)
    stamp = timezone.now().strftime("%Y%m%d-%H%M")
    export.file.save(f"my-data-{stamp}.zip", ContentFile(content), save=False)
    export.state, export.progress, export.finished_at = DataExport.State.DONE, 100, timezone.now()
    export.save(update_fields=["file", "state", "progress", "finished_at"])
    return export


def data_export_fail(*, export_id: int, error: str) -> None:
    from .models import DataExport

    DataExport.objects.filter(pk=export_id).update(state=DataExport.State.FAILED, error=error[:300],
                                                   finished_at=timezone.now())


def data_exports_catch_up(*, now=None) -> int:
    """The periodic job: downloads still queued two minutes after they were asked for (their task was
    lost with the broker) are built here."""
    from datetime import timedelta

    from .models import DataExport
    from .tasks import build_data_export

    now = now or timezone.now()
    waiting = list(DataExport.objects.filter(state=DataExport.State.QUEUED, requested_at__lte=now - timedelta(minutes=2))
                   .order_by("requested_at").values_list("pk", flat=True)[:5])
    for export_id in waiting:
        build_data_export.apply(kwargs={"export_id": export_id})
    return len(waiting)


def erasure_request(*, user, reason: str = "") -> ErasureRequest:
    """The person asks to be erased; the secretariat confirms it (a second request while one waits
    returns the one waiting)."""
    from django.db import IntegrityError

    from .models import ErasureRequest

    pending = ErasureRequest.objects.filter(user=user, state=ErasureRequest.State.PENDING).first()
    if pending is not None:
        return pending
    try:
        with transaction.atomic():
            return ErasureRequest.objects.create(user=user, reason=reason.replace("\x00", "")[:4000])
    except IntegrityError:  # a double click: the other request won
        return ErasureRequest.objects.get(user=user, state=ErasureRequest.State.PENDING)


@transaction.atomic
def erasure_confirm(*, request: ErasureRequest, by) -> dict[str, int]:
    """Staff confirm: the person is erased across every app, in this one transaction."""
    from .errors import PortalError
    from .models import ErasureRequest

    request = ErasureRequest.objects.select_for_update().select_related("user").get(pk=request.pk)
    if request.state != ErasureRequest.State.PENDING:
        raise PortalError(_("This request was already decided."))
    changed = erase(subject_for(request.user), by=by)
    request.state, request.decided_by, request.decided_at = ErasureRequest.State.DONE, by, timezone.now()
    request.save(update_fields=["state", "decided_by", "decided_at"])
    return changed


@transaction.atomic
def erasure_refuse(*, request: ErasureRequest, by, answer: str) -> ErasureRequest:
    from .errors import PortalError
    from .models import ErasureRequest

    request = ErasureRequest.objects.select_for_update().get(pk=request.pk)
    if request.state != ErasureRequest.State.PENDING:
        raise PortalError(_("This request was already decided."))
    if not answer.strip():
        raise PortalError(_("Say why the request is turned down: the person is told."))
    request.state, request.decided_by, request.decided_at = ErasureRequest.State.REFUSED, by, timezone.now()
    request.answer = answer.strip()
    request.save(update_fields=["state", "decided_by", "decided_at", "answer"])
    return request


def declarations_summary() -> list[dict]:
    """What the privacy page lists: each kind of record, why it is kept, and what erasure does to each
    of its personal fields (named as the admin names them). Records kept for the same purpose (the
    audit rows of every app) make one row."""
    rows: dict[str, dict] = {}
    for declaration in declarations():
        row = rows.setdefault(str(declaration.purpose), {"purpose": declaration.purpose, "fields": []})
        for name, fate in declaration.fields.items():
            label = str(declaration.model._meta.get_field(name).verbose_name).capitalize()
            field = {"label": label, "fate": fate.fate.label, "reason": fate.reason}
            if field not in row["fields"]:
                row["fields"].append(field)
    return list(rows.values())


# --- Staff reading personal data -------------------------------------------------------------------
def access_record(*, by, kind: str, reference: str, subject=None) -> None:
    """Write down that `by` (staff) read a person's data outside their own work (PersonalDataAccess)."""
    from .models import PersonalDataAccess

    PersonalDataAccess.objects.create(by=by if by and by.is_authenticated else None, kind=kind,
                                      reference=str(reference)[:120], subject=subject)
