"""Reading the history (pghistory event rows) a test wrote."""


def events(model, obj):
    return list(model.pgh_event_model.objects.filter(pgh_obj_id=obj.pk).order_by("pgh_id"))
