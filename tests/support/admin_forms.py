"""The letter admin's change form, as a test posts it back."""

from django.urls import reverse


def change_url(letter) -> str:
    return reverse("admin:letters_annualletter_change", args=[letter.pk])


def form_data(response, **changes) -> dict:
    """What the admin change form would post back unchanged, plus `changes`."""
    data = {}
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        forms += [inline.formset.management_form, *inline.formset.forms]
    for form in forms:
        for bound in form:
            value = bound.value()
            if value is not None:
                data[bound.html_name] = value
    data.update(changes)
    return data


def admin_url(obj, view: str = "change") -> str:
    """The admin address of one object's page: change, history, delete, withdraw..."""
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=[obj.pk])


def admin_post(client, obj, view: str = "change", **changes):
    """Post `obj`'s admin change form back as shown, with `changes`."""
    url = admin_url(obj, view)
    page = client.get(url)
    assert page.status_code == 200, page.status_code
    return client.post(url, form_data(page, **changes))
