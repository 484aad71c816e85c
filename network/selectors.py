"""Reusable reads of the network app, prefetched for the pages that use them."""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.db import connection
from django.db.models import Count
from django.db.models import F
from django.db.models import Func
from django.db.models import IntegerField
from django.db.models import OuterRef
from django.db.models import Prefetch
from django.db.models import Q
from django.db.models import QuerySet
from django.db.models import Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils import translation
from django.utils.safestring import mark_safe

from .enums import CURRENT_MEMBER_STATUSES
from .enums import DuesStanding
from .enums import InvitationState
from .enums import MemberKind
from .enums import MemberStatus
from .enums import RoleKind
from .maps import MapCity
from .maps import MapGroup
from .maps import NetworkMap
from .maps import network_map
from .models import Dues
from .models import Invitation
from .models import Member
from .models import Person
from .models import Role
from .models import TerritorialNetwork
from .models import Theme
from .models import User
from .rules import holds
from .search import SearchHit
from .search import first_page
from .services import dues_grace_date
from .services import team_member_removable
from .text import search_key

PUBLIC_MEMBER_STATUSES = (*CURRENT_MEMBER_STATUSES, MemberStatus.FORMER)


# --- Focal points: the network's one definition, used by every app ------------------------------
def focal_point_member_ids(user: User) -> QuerySet:
    """The ids of the members `user` is a focal point of, as a subquery (`member__in=`): filtering
    by it needs no join and no DISTINCT."""
    return Role.objects.filter(person__user_id=user.pk, kind=RoleKind.FOCAL_POINT).values("member_id")


def focal_point_members(user: User) -> QuerySet[Member]:
    return Member.objects.filter(pk__in=focal_point_member_ids(user))


def focal_points_of(members) -> QuerySet[Person]:
    """The people who are focal points of `members` (one member, a list or a queryset), each once."""
    if isinstance(members, Member):
        members = [members]
    return Person.objects.filter(
        pk__in=Role.objects.filter(member__in=members, kind=RoleKind.FOCAL_POINT).values("person_id"))


def public_members() -> QuerySet[Member]:
    """Members the public may see (prospects are not members yet), ready for list pages."""
    return (
        Member.objects.filter(status__in=PUBLIC_MEMBER_STATUSES)
        .select_related("territorial_network")
        .order_by("search_text")  # starts with the accent-free name: "Área" sorts with the A
        .prefetch_related(Prefetch("themes", queryset=Theme.objects.order_by("name")))
    )


def member_search(queryset: QuerySet[Member], query: str) -> QuerySet[Member]:
    """Accent- and case-insensitive search on name and country ("bogota" finds "Bogotá").

    On PostgreSQL a trigram index serves the substring match and word similarity also finds
    near misses ("bogta"); on SQLite every word must appear in the precomputed search key.
    """
    key = search_key(query)
    if not key:
        return queryset
    words = key.split()
    every_word = Q()
    for word in words:
        every_word &= Q(search_text__contains=word)
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import TrigramWordSimilarity

        return (
            queryset.annotate(similarity=TrigramWordSimilarity(key, "search_text"))
            .filter(every_word | Q(similarity__gte=0.6))
            .order_by("-similarity", "name")
        )
    return queryset.filter(every_word)


def members_search(terms: str, *, language: str, limit: int) -> tuple[list[SearchHit], int]:
    """The site search's members (network.search): the ones the directory lists with the same query —
    current members; prospects are not public and former members are listed only when asked for —
    best match first, with their country and territorial network. One query."""
    members = (
        member_search(public_members().exclude(status=MemberStatus.FORMER).prefetch_related(None), terms)
        .only("name", "slug", "kind", "country", "territorial_network__name")
    )
    rows, total = first_page(members, limit)
    hits = [
        SearchHit(title=member.name, url=member.get_absolute_url(),
                  detail=" · ".join(part for part in (
                      str(member.get_kind_display()) if member.kind != MemberKind.CITY else "",
                      str(member.country.name),
                      member.territorial_network.name if member.territorial_network else "") if part))
        for member in rows
    ]
    return hits, total


def territorial_networks_with_counts() -> QuerySet[TerritorialNetwork]:
    return TerritorialNetwork.objects.annotate(
        member_count=Count("members", filter=Q(members__status__in=CURRENT_MEMBER_STATUSES))
    ).order_by("name")


@dataclass(frozen=True)
class NetworkFigures:
    members: int
    countries: int
    territorial_networks: int


def network_figures(*, territorial_networks: int | None = None,
                    current_members: Sequence[MapCity] | None = None) -> NetworkFigures:
    """The home page's figures in one query, or none: it passes the number of territorial networks it
    lists (every one) and the current members its map draws, so neither
    is counted again."""
    if current_members is not None:
        counts = {"members": len(current_members), "countries": len({city.country for city in current_members})}
    else:
        counts = Member.objects.filter(status__in=CURRENT_MEMBER_STATUSES).aggregate(
            members=Count("pk"), countries=Count("country", distinct=True))
    if territorial_networks is None:
        territorial_networks = TerritorialNetwork.objects.count()
    return NetworkFigures(members=counts["members"], countries=counts["countries"],
                          territorial_networks=territorial_networks)


def public_member_by_slug(slug: str) -> Member:
    """A public member, with its network's place by name (`map_position`: its colour on maps)."""
    return public_members().annotate(map_position=network_position("territorial_network__name")).get(slug=slug)


def territorial_network_by_slug(slug: str) -> TerritorialNetwork:
    """A territorial network's page: with its coordinating member and its place by name (`map_position`)."""
    return (TerritorialNetwork.objects.select_related("coordinating_member")
            .annotate(map_position=network_position("name")).get(slug=slug))


# --- Maps (network.maps draws them) -------------------------------------------------------------
def network_position(name: str) -> Subquery:
    """How many territorial networks sort before the one named by `name` (a path to its name from
    the outer query): its place in every list of networks by name, so its colour on every map, in
    the same query (a count over a table of a few rows)."""
    before = TerritorialNetwork.objects.filter(name__lt=OuterRef(name)).order_by()
    return Subquery(before.values(n=Func(F("pk"), function="COUNT", output_field=IntegerField())))


def _member_url() -> Callable[[str], str]:
    """Member.get_absolute_url for many rows at the cost of one reverse()."""
    head, tail = reverse("network:member", kwargs={"slug": "slug"}).rsplit("slug", 1)
    return lambda slug: f"{head}{slug}{tail}"


def map_cities(members: QuerySet[Member]) -> list[MapCity]:
    """The members of `members` as a map draws and lists them, in one query of the columns it needs,
    in the order of `members` (else by name)."""
    if not members.query.order_by:
        members = members.order_by("search_text")
    rows = (members.prefetch_related(None)
            .annotate(map_position=network_position("territorial_network__name"))
            .values_list("name", "slug", "country", "latitude", "longitude", "territorial_network__name",
                         "territorial_network__slug", "map_position"))
    member_url = _member_url()
    network_urls: dict[str, str] = {}
    cities = []
    for name, slug, country, latitude, longitude, network, network_slug, position in rows:
        if network_slug and network_slug not in network_urls:
            network_urls[network_slug] = reverse("network:territorial_network", kwargs={"slug": network_slug})
        cities.append(MapCity(
            name=name, url=member_url(slug), country=country,
            latitude=None if latitude is None else float(latitude),
            longitude=None if longitude is None else float(longitude),
            network=network or "", network_url=network_urls.get(network_slug, ""),
            network_position=position if network_slug else None))
    return cities


@dataclass(frozen=True)
class KeptMap:
    """A drawn map kept for every visitor, with what its rows counted."""

    map: NetworkMap
    members: int
    countries: int


def kept_map(name: str, members: Callable[[], QuerySet[Member]]) -> KeptMap:
    """The map of `members` (a whole, unfiltered set: today's members, every public member), drawn
    once in the active language and kept under the public-data version (network.page_cache.public_data:
    dropped with any change to a member, a territorial network or another public record) as plain
    values — the SVG, the legend's lines and the counts — and drawn again after a change.

    At two thousand members, reading them and drawing their dots costs some 30 ms; the drawn map is
    the same for every visitor. A filtered set (a search) is drawn for its request (map_cities)."""
    from .page_cache import public_data

    def draw() -> dict:
        cities = map_cities(members())
        drawn = network_map(cities)
        return {"svg": str(drawn.svg), "drawn": drawn.drawn, "total": drawn.total, "size": drawn.size,
                "legend": [(g.name, g.url, g.colour, g.drawn) for g in drawn.groups],
                "members": len(cities), "countries": len({city.country for city in cities})}

    kept = public_data(f"{name}:{translation.get_language()}", draw)
    groups = [MapGroup(name=name, url=url, colour=colour, drawn=drawn) for name, url, colour, drawn in kept["legend"]]
    shown = NetworkMap(svg=mark_safe(kept["svg"]), groups=groups, drawn=kept["drawn"],  # noqa: S308 - drawn by maps
                       total=kept["total"], size=kept["size"])
    return KeptMap(map=shown, members=kept["members"], countries=kept["countries"])


def current_members_map() -> KeptMap:
    """The map of today's members (active, in arrears, suspended), kept (kept_map): the home page's
    map and the directory's before any search or filter (the same members, in the same order)."""
    return kept_map("current-members-map", lambda: Member.objects.filter(status__in=CURRENT_MEMBER_STATUSES))


def home_map(*, territorial_networks: int) -> tuple[NetworkMap, NetworkFigures]:
    """The home page's map of today's members and the figures its rows give."""
    kept = current_members_map()
    figures = NetworkFigures(members=kept.members, countries=kept.countries, territorial_networks=territorial_networks)
    return kept.map, figures


def map_city(member: Member, *, network_position: int | None) -> MapCity:
    """A member already loaded (with its territorial network) as a map draws it."""
    network = member.territorial_network
    return MapCity(
        name=member.name, url=member.get_absolute_url(), country=member.country.code,
        latitude=None if member.latitude is None else float(member.latitude),
        longitude=None if member.longitude is None else float(member.longitude),
        network=network.name if network else "", network_url=network.get_absolute_url() if network else "",
        network_position=network_position if network else None)


def member_public_team(member: Member) -> list[Role]:
    """Officials and focal points shown on the public member page (no e-mail addresses): the mayor (a
    public office), and the others who agreed to be listed (Person.listed_publicly, their opt-in)."""
    return list(
        member.roles.filter(kind__in=[RoleKind.MAYOR, RoleKind.OFFICIAL, RoleKind.FOCAL_POINT])
        .filter(Q(kind=RoleKind.MAYOR) | Q(person__listed_publicly=True))
        .select_related("person")
        .order_by("kind", "person__last_name")
    )


# --- Member portal ------------------------------------------------------------------------
def portal_members_for(user: User) -> QuerySet[Member]:
    """The members a signed-in person works for (through their roles)."""
    if not user.is_authenticated:
        return Member.objects.none()
    return (
        Member.objects.filter(roles__person__user=user)
        .distinct()
        .select_related("territorial_network")
        .order_by("name")
    )


def portal_member_for(user: User, slug: str) -> Member:
    """The member page a user may open in the portal; others raise DoesNotExist (a 404).

    For a city's person this is one query: their roles with their cities, which the permission
    checks of the page and of each panel then read from the user (`rules.roles_of`)."""
    if holds(user, "network.view_member"):
        return Member.objects.select_related("territorial_network").get(slug=slug)
    if not user.is_authenticated:
        raise Member.DoesNotExist("The portal is for signed-in people.")
    from .rules import remember_roles

    found, roles = None, {}
    for role in Role.objects.filter(person__user_id=user.pk).select_related("member__territorial_network").order_by():
        roles.setdefault(role.member_id, set()).add(role.kind)
        if role.member.slug == slug:
            found = role.member
    remember_roles(user, roles)
    if found is None:
        raise Member.DoesNotExist(f"No portal member {slug!r} for this user.")
    return found


@dataclass
class TeamEntry:
    person: Person
    roles: list[Role]
    removable: bool = True
    remove_url: str = ""  # where its "Remove" button posts, for those who may manage the team

    @property
    def is_focal_point(self) -> bool:
        return any(r.kind == RoleKind.FOCAL_POINT for r in self.roles)


def member_team(member: Member) -> list[TeamEntry]:
    """Each person of the member's team once, with all their roles there."""
    entries: dict[int, TeamEntry] = {}
    # What the team's table shows of each person (their account only as the id "(you)" compares).
    roles = (member.roles.select_related("person")
             .only("kind", "person__first_name", "person__last_name", "person__position", "person__email",
                   "person__user_id")
             .order_by("person__last_name", "person__first_name", "kind"))
    for role in roles:
        entries.setdefault(role.person_id, TeamEntry(person=role.person, roles=[])).roles.append(role)
    focal_point_ids = {pid for pid, entry in entries.items() if entry.is_focal_point}
    for pid, entry in entries.items():
        entry.removable = team_member_removable(person_id=pid, focal_point_ids=focal_point_ids)
    return list(entries.values())


def pending_invitations(member: Member) -> QuerySet[Invitation]:
    return member.invitations.filter(state=InvitationState.PENDING, expires_at__gt=timezone.now()).select_related(
        "invited_by"
    )


@dataclass(frozen=True)
class DuesLine:
    year: int
    dues: Dues | None
    standing: str

    @property
    def standing_label(self) -> str:
        return DuesStanding(self.standing).label


def dues_standing_of(dues: Dues | None, *, year: int, today: date) -> str:
    if dues is None:
        return DuesStanding.NOT_INVOICED
    if dues.paid_on:
        return DuesStanding.PAID
    if year < today.year or today > dues_grace_date(year):
        return DuesStanding.OVERDUE
    return DuesStanding.PENDING


def member_dues_overview(member: Member, *, years: int = 3, today: date | None = None) -> list[DuesLine]:
    """The last `years` years of dues, newest first, each with its standing."""
    today = today or timezone.localdate()
    wanted = list(range(today.year, today.year - years, -1))
    by_year = {d.year: d for d in member.dues.filter(year__in=wanted)}
    return [DuesLine(year=y, dues=by_year.get(y), standing=dues_standing_of(by_year.get(y), year=y, today=today))
            for y in wanted]


def site_page(kind: str):
    """The network's own page of `kind` as staff wrote it, or None (the page then shows the portal's
    own text); a contact address to show beside it, from the privacy notice."""
    from .models import PrivacyNotice
    from .models import SitePage

    page = SitePage.objects.filter(kind=kind).first()
    contact = PrivacyNotice.objects.values_list("contact_email", flat=True).first() or ""
    return page, contact
