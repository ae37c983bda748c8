from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "What the letters say: their paragraphs and full-text search"

    def ready(self):
        from django.db.models.signals import post_migrate

        from documents.signals import documents_saved
        from search.indexing import index_saved, index_stale

        documents_saved.connect(index_saved, dispatch_uid="search.index_saved")
        # After `migrate`: the letters and reports stored before this app (or indexed by an
        # older splitter) are indexed, so a deployment needs no extra step.
        post_migrate.connect(index_stale, sender=self, dispatch_uid="search.index_stale")
