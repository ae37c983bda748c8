from django.shortcuts import get_object_or_404, render

from documents.storage import original_attachment
from letters import presenters
from letters.models import AnnualLetter


def letter_detail(request, pk: int):
    letter = get_object_or_404(
        AnnualLetter.objects.published().select_related("council", "uploaded_by"), pk=pk
    )
    context = presenters.letter_page_context(letter, viewer=request.user)
    return render(request, "letters/letter_detail.html", context)


def letter_original(request, pk: int):
    letter = get_object_or_404(AnnualLetter.objects.published().select_related("council"), pk=pk)
    stem = f"lgsco-{letter.council.slug}-{letter.period_label}"
    return original_attachment(letter.original, stem)
