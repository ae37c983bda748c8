"""The admin site: as Django's, but a signed-in person who may not use it is told so (403)
instead of being sent to a login page they have already passed. (What the apps' admins
share is in complaints_site.data_admin: this module is loaded before any model.)"""

from functools import update_wrapper

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.core.exceptions import PermissionDenied


class ComplaintsAdminSite(admin.AdminSite):
    site_header = "Council complaints explorer: data admin"
    site_title = "Council complaints data admin"

    def admin_view(self, view, cacheable=False):
        inner = super().admin_view(view, cacheable)

        def wrapper(request, *args, **kwargs):
            if request.user.is_authenticated and not self.has_permission(request):
                raise PermissionDenied("Only data admins may use the admin.")
            return inner(request, *args, **kwargs)

        return update_wrapper(wrapper, inner)


class ComplaintsAdminConfig(AdminConfig):
    default_site = "complaints_site.admin.ComplaintsAdminSite"
