from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "What the letters say: their paragraphs and full-text search"

    def ready(self):
        from documents.signals import documents_saved
        from search.indexing import index_saved

        documents_saved.connect(index_saved, dispatch_uid="search.index_saved")
