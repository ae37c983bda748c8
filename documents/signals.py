"""Signals for the apps built on top of the stored documents.

``documents_saved`` is sent by the services that write letters and reports
(``letters.services``, ``reports.services``) once new or re-read documents are written,
inside their transaction: ``sender`` is the model, ``documents`` the saved instances. The
search index (the ``search`` app) keeps itself in step with it, without the document apps
importing anything built on them."""

from django.dispatch import Signal

documents_saved = Signal()
