"""Atom feeds (django.contrib.syndication) of new and corrected letters: for the whole
site (/feeds/letters/), for one council (/feeds/councils/<slug>/) and for one type of
council (/feeds/types/<type>/). Each page links the feeds that concern it with
``<link rel="alternate" type="application/atom+xml">`` (templatetags/feed_links.py).

An entry is an event: a letter uploaded (a new letter, or a new version of one), or a
figure corrected by a data admin (the entry is updated if the correction is later
withdrawn; a newer correction of the same figure is an entry of its own). A letter a data
admin has withdrawn is on no page, so its entries leave the feeds. Entry ids are tag URIs
that never change, so a feed reader shows each event once; the newest 50 events are in a
feed."""

from dataclasses import dataclass
from datetime import datetime

from django.contrib.syndication.views import Feed
from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from complaints_site.cache import on_type
from core.periods import year_label
from councils.measures import MEASURES
from councils.models import AuthorityType, Council
from councils.page_scopes import council_depends
from letters.models import AnnualLetter, Correction
from opendata.http import open_read_only

REVISION = "1"
LIMIT = 50
SITE_NAME = "Council complaints explorer"


@dataclass(frozen=True)
class Scope:
    """Which letters a feed follows, and where it is read from (for the tag URIs)."""

    title: str
    link: str
    host: str
    path: str  # the feed's own address
    council: Council | None = None
    authority_type: str | None = None

    def letters(self) -> Q:
        if self.council is not None:
            return Q(council=self.council)
        if self.authority_type is not None:
            return Q(council__authority_type=self.authority_type)
        return Q()


@dataclass(frozen=True)
class Event:
    kind: str  # "letter" or "correction"
    at: datetime  # when it happened (the feed's order)
    updated: datetime
    letter: AnnualLetter
    host: str  # the tag URIs' authority
    correction: Correction | None = None
    replaced_earlier: bool = False

    @property
    def subject(self) -> str:
        return f"{self.letter.council.official_name}, {year_label(self.letter.period_end.year)}"


def withdrawn(correction: Correction) -> bool:
    """Withdrawn (reverted), not merely superseded by a newer correction of the figure,
    which is an entry of its own."""
    return correction.withdrawn_at is not None and not correction.superseded


def _updated(correction: Correction) -> datetime:
    return correction.withdrawn_at if withdrawn(correction) else correction.made_at


def _events(scope: Scope) -> list[Event]:
    earlier = AnnualLetter.objects.filter(
        council=OuterRef("council"),
        period_start=OuterRef("period_start"),
        period_end=OuterRef("period_end"),
        uploaded_at__lt=OuterRef("uploaded_at"),
    )
    published = AnnualLetter.objects.published()  # a withdrawn letter is on no page
    letters = (
        published.filter(scope.letters())
        .with_figures()
        .select_related("council")
        .defer("extracted_text", "evidence")
        .annotate(replaced_earlier=Exists(earlier))
        .order_by("-uploaded_at", "-pk")[:LIMIT]
    )
    corrections = (
        Correction.objects.filter(letter__in=published.filter(scope.letters()).values("pk"))
        .annotate(superseded=Exists(Correction.objects.filter(supersedes=OuterRef("pk"))))
        .select_related("letter__council")
        .defer("letter__extracted_text", "letter__evidence")
        .order_by("-made_at", "-pk")[:LIMIT]
    )
    events = [
        Event("letter", letter.uploaded_at, letter.uploaded_at, letter, scope.host,
              replaced_earlier=letter.replaced_earlier)
        for letter in letters
    ] + [
        Event("correction", c.made_at, _updated(c), c.letter, scope.host, correction=c)
        for c in corrections
    ]  # fmt: skip
    events.sort(key=lambda event: event.at, reverse=True)
    return events[:LIMIT]


def _letter_summary(letter: AnnualLetter) -> str:
    """Each measure as the council page writes it, beside the average the letter states."""

    def count(name: str):
        return getattr(letter, name) if name else None

    sentences = []
    for measure in MEASURES:
        figure = measure.write(
            getattr(letter, measure.rate), count(measure.numerator), count(measure.base)
        )
        stated = measure.write_stated(getattr(letter, measure.stated_average))
        sentences.append(
            f"{measure.label}: {figure} (the letter states {stated} for similar authorities)."
        )
    return " ".join(sentences)


class LettersFeed(Feed):
    feed_type = Atom1Feed
    author_name = SITE_NAME
    feed_copyright = (
        "Figures from the Local Government and Social Care Ombudsman's letters, © Commission "
        "for Local Administration in England, re-used under its terms; council register © "
        "mySociety, CC-BY-4.0."
    )

    def title(self, scope: Scope) -> str:
        return scope.title

    def link(self, scope: Scope) -> str:
        return scope.link

    def subtitle(self, scope: Scope) -> str:
        return (
            "New and corrected Local Government and Social Care Ombudsman annual review "
            "letters, as this site reads them."
        )

    def feed_guid(self, scope: Scope) -> str:
        return f"tag:{scope.host},2025:{scope.path}"

    def items(self, scope: Scope) -> list[Event]:
        return _events(scope)

    def item_title(self, event: Event) -> str:
        if event.kind == "letter":
            what = "New version of a letter" if event.replaced_earlier else "New letter"
            return f"{what}: {event.subject}"
        correction = event.correction
        title = (
            f"Corrected: {event.subject}, {correction.label.lower()} "
            f"was {correction.old_display}, now {correction.new_display}"
        )
        return f"{title} (correction since withdrawn)" if withdrawn(correction) else title

    def item_description(self, event: Event) -> str:
        if event.kind == "letter":
            return _letter_summary(event.letter)
        correction = event.correction
        text = f"A data admin corrected {correction.label.lower()}: {correction.reason}"
        if withdrawn(correction):
            text += f" The correction was withdrawn: {correction.withdrawn_reason or 'reverted'}."
        return text

    def item_link(self, event: Event) -> str:
        return event.letter.get_absolute_url()

    def item_guid(self, event: Event) -> str:
        # A tag URI (RFC 4151): stable, unique, and not an address a reader would follow.
        if event.kind == "letter":
            return f"tag:{event.host},{event.at:%Y-%m-%d}:letter/{event.letter.pk}"
        return f"tag:{event.host},{event.at:%Y-%m-%d}:correction/{event.correction.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, event: Event) -> datetime:
        return event.at

    def item_updateddate(self, event: Event) -> datetime:
        return event.updated

    def item_categories(self, event: Event) -> list[str]:
        council = event.letter.council
        return [AuthorityType(council.authority_type).label, council.short_name]


def _host(request) -> str:
    return request.get_host().split(":")[0].strip("[]") or "localhost"


class SiteFeed(LettersFeed):
    def get_object(self, request) -> Scope:
        return Scope(
            title=f"New letters and corrections – {SITE_NAME}",
            link=reverse("councils:home"),
            host=_host(request),
            path=request.path,
        )


class CouncilFeed(LettersFeed):
    def get_object(self, request, slug: str) -> Scope:
        try:
            council = Council.objects.get(slug=slug)
        except Council.DoesNotExist:
            raise Http404("No council has that address.") from None
        return Scope(
            title=f"{council.official_name}: new letters and corrections – {SITE_NAME}",
            link=council.get_absolute_url(),
            host=_host(request),
            path=request.path,
            council=council,
        )


class TypeFeed(LettersFeed):
    def get_object(self, request, type_slug: str) -> Scope:
        if type_slug not in AuthorityType.values:
            raise Http404("No type of council has that address.")
        label = AuthorityType(type_slug).label
        return Scope(
            title=f"{label}s: new letters and corrections – {SITE_NAME}",
            link=f"{reverse('councils:council-list')}?authority_type={type_slug}",
            host=_host(request),
            path=request.path,
            authority_type=type_slug,
        )


# Each feed revalidates by what it reads (complaints_site.cache): all the letters, one
# council's, or one type's.
site_feed = open_read_only(scope="feeds", revision=REVISION)(SiteFeed())
council_feed = open_read_only(scope="feeds", revision=REVISION, depends=council_depends)(
    CouncilFeed()
)
type_feed = open_read_only(scope="feeds", revision=REVISION, depends=on_type)(TypeFeed())
