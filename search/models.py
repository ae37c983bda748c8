"""What the search reads: a row for each stored letter and council report (its full-text
vector, English configuration, GIN index), and its passages (each paragraph and heading in
order, with what the parser says about it: letters.parsing.paragraphs, and its own vector).

Rows are written by ``search.indexing`` when the services write a letter or a report (the
``documents_saved`` signal, in their transaction) and rebuilt by ``manage.py
rebuild_search``; they are deleted with their letter or report. Whether a letter is current
(or withdrawn) is read from the letter itself, never copied here."""

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.db.models import Q

from councils.models import Council
from documents.models import DocumentKind

CONFIG = "english"


class Document(models.Model):
    """A letter's or a council report's text, as searched."""

    kind = models.CharField(max_length=20, choices=DocumentKind.choices)
    letter = models.OneToOneField(
        "letters.AnnualLetter",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="search_document",
    )
    report = models.OneToOneField(
        "reports.CouncilReport",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="search_document",
    )
    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(
        help_text="The calendar year its reporting period ends (2024 is 2023-24)."
    )
    title = models.CharField(max_length=300)
    # Its title (weight A) and its passages (weight B), written by search.indexing from the
    # passages; kept in the row itself (not TOASTed: migration 0001), so a search that
    # ranks every letter reads one table and decompresses nothing.
    vector = SearchVectorField(null=True, editable=False)
    splitter_version = models.CharField(max_length=20)
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [
            GinIndex(fields=["vector"], name="search_document_vector"),
            models.Index(fields=["kind", "year", "council"], name="search_document_year"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind=DocumentKind.LGSCO_LETTER, letter__isnull=False, report=None)
                | Q(kind=DocumentKind.COUNCIL_REPORT, report__isnull=False, letter=None),
                name="search_document_of_one_letter_or_report",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def source(self):
        """The letter or report."""
        return self.letter if self.letter_id is not None else self.report


class Passage(models.Model):
    """One paragraph or heading of a document, in the order printed (anchor
    ``passage-<number>`` on the letter's page)."""

    class Role(models.TextChoices):
        HEADING = "heading", "Heading"
        BODY = "body", "Paragraph"
        ASIDE = "aside", "Address, signature or statistics"

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="passages")
    # The document's, copied: how many councils' letters of a year carry a paragraph is
    # then read from one index.
    kind = models.CharField(max_length=20, choices=DocumentKind.choices)
    year = models.PositiveSmallIntegerField()
    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="+")
    number = models.PositiveSmallIntegerField()
    role = models.CharField(max_length=10, choices=Role.choices)
    heading = models.CharField(max_length=300, blank=True)
    text = models.TextField()
    fingerprint = models.CharField(
        max_length=32, help_text="The same for the same paragraph in another council's letter."
    )
    names_council = models.BooleanField(default=False)
    about_council = models.BooleanField(default=False)
    topics = ArrayField(models.CharField(max_length=40), default=list, blank=True)
    vector = models.GeneratedField(
        expression=SearchVector("text", config=CONFIG),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    class Meta:
        ordering = ["document", "number"]
        indexes = [
            models.Index(
                fields=["year", "fingerprint", "council"],
                condition=Q(role="body", kind=DocumentKind.LGSCO_LETTER),
                name="search_passage_year_print",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "number"], name="search_passage_one_per_number"
            ),
        ]

    def __str__(self):
        return f"{self.document} §{self.number}"

    @property
    def anchor(self) -> str:
        return f"passage-{self.number}"
