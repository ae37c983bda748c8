"""What every admin of the project's data shares: the history on each change page
(``HistoryAdmin``), a reason for every change (``ReasonedAdmin``), and stored documents
withdrawn, never deleted (``WithdrawAdmin``)."""

import pghistory
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.text import capfirst

from core.history import HistorySource, user_context
from documents.current import WITHDRAWAL_REASON_REQUIRED, WithdrawalRefused, withdraw
from letters.corrections import history


class HistoryAdmin(admin.ModelAdmin):
    """A change page that shows, under the form, every recorded change of the object (and
    of what belongs to it): old -> new per field, who, from which URL, why. The history is
    the database's (pghistory triggers), however the change was made."""

    change_form_template = "admin/change_form_with_history.html"
    # The admin URL name of a revert view taking (object id, event id), if there is one.
    revert_url_name: str | None = None

    def history_sources(self, obj) -> list[HistorySource]:
        """What the page lists: by default the object's own events."""
        return [
            HistorySource(
                self.model.pgh_event_model.objects.filter(pgh_obj_id=obj.pk),
                describe=lambda event: capfirst(self.model._meta.verbose_name),
            )
        ]

    def history_context(self, request, obj) -> dict:
        return {
            "history": history(*self.history_sources(obj)),
            "history_id": f"{self.model._meta.model_name}-history",
            "history_title": f"History of this {self.model._meta.verbose_name}",
            "revert_url_name": self.revert_url_name,
        }

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        obj = self.get_object(request, unquote(object_id))
        if obj is not None:
            extra_context.update(self.history_context(request, obj))
        return super().change_view(request, object_id, form_url, extra_context)


class ReasonedAdmin(admin.ModelAdmin):
    """Every change made here is in the history with the form's reason (the form is a
    core.forms.ReasonedChangeForm) and who made it, inlines included."""

    def reason_context(self, request, form):
        return pghistory.context(reason=form.cleaned_data["reason"], **user_context(request.user))

    def save_model(self, request, obj, form, change):
        with self.reason_context(request, form):
            super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        with self.reason_context(request, form):
            super().save_related(request, form, formsets, change)


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label="Reason for withdrawing it",
        widget=forms.Textarea(attrs={"rows": 3, "cols": 80}),
        error_messages={"required": WITHDRAWAL_REASON_REQUIRED},
        help_text="Required. Kept with it and in its history, e.g. “A draft, not the letter.”",
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(WITHDRAWAL_REASON_REQUIRED)
        return reason


WITHDRAWN_FIELDS = ["withdrawn_at", "withdrawn_by", "withdrawn_reason"]


class WithdrawAdmin(admin.ModelAdmin):
    """A stored document (letter or report) is withdrawn here, never deleted: a Withdraw
    button on its change page asks for the reason, then documents.current.withdraw keeps
    it, marks it and takes it off the public pages (an earlier version, if any, becomes
    current again). Nothing here can delete one."""

    def has_delete_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), *WITHDRAWN_FIELDS]

    def _withdraw_url_name(self) -> str:
        return f"{self.model._meta.app_label}_{self.model._meta.model_name}_withdraw"

    def get_urls(self):
        view = self.admin_site.admin_view(self.withdraw_view)
        return [
            path("<path:object_id>/withdraw/", view, name=self._withdraw_url_name()),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        obj = self.get_object(request, unquote(object_id))
        if obj is not None and not obj.is_withdrawn and self.has_change_permission(request, obj):
            extra_context["withdraw_url"] = reverse(
                f"admin:{self._withdraw_url_name()}", args=[obj.pk]
            )
        return super().change_view(request, object_id, form_url, extra_context)

    def _change_url(self, obj) -> str:
        opts = self.model._meta
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])

    def withdraw_view(self, request, object_id):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        if obj.is_withdrawn:
            messages.info(request, f"{obj} is already withdrawn.")
            return redirect(self._change_url(obj))
        form = WithdrawForm(request.POST if request.method == "POST" else None)
        if form.is_valid():
            try:
                current = withdraw(obj, reason=form.cleaned_data["reason"], user=request.user)
            except WithdrawalRefused as refusal:
                messages.error(request, refusal.message)
            else:
                again = f" The earlier version {current} is current again." if current else ""
                messages.success(request, f"{obj} withdrawn: no longer shown or counted.{again}")
            return redirect(self._change_url(obj))
        context = {
            **self.admin_site.each_context(request),
            "title": f"Withdraw {obj}",
            "subtitle": None,
            "opts": self.model._meta,
            "object": obj,
            "form": form,
            "change_url": self._change_url(obj),
        }
        return TemplateResponse(request, "admin/withdraw.html", context)
