from django.http import Http404
from django.shortcuts import render

from councils import selectors
from councils.models import Council


def home(request):
    return render(request, "councils/home.html", {"groups": selectors.councils_by_type()})


def council_detail(request, slug: str):
    try:
        council = selectors.council_for_page(slug=slug)
    except Council.DoesNotExist:
        raise Http404("No council has that address.") from None
    letters = council.letters.current().order_by("-period_end")
    return render(request, "councils/council_detail.html", {"council": council, "letters": letters})
