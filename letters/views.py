from django.shortcuts import get_object_or_404, render

from letters.models import AnnualLetter


def letter_detail(request, pk: int):
    letter = get_object_or_404(AnnualLetter.objects.select_related("council"), pk=pk)
    return render(request, "letters/letter_detail.html", {"letter": letter})
