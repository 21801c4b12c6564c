"""Django admin for accounts, and the base class every portal admin builds on.

The Django admin is for portal administrators only: the ``admin`` role or a superuser, with
``is_staff`` to pass the admin login. Who counts as an administrator is answered by the one
policy module (``policies.is_admin``), not by Django's per-model permissions, so a staff flag
on a BLKK staff or employer account opens nothing here.
"""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _

from apps.accounts import policies
from apps.accounts.models import AccessLog, User

admin.site.site_header = _("BLKK Workforce Portal administration")
admin.site.site_title = _("BLKK Workforce Portal")
admin.site.index_title = _("Administration")


class PortalAdminMixin:
    """Every permission of a model admin (or inline) is the policy's ``is_admin``."""

    def has_module_permission(self, request) -> bool:
        return policies.is_admin(request.user)

    def has_view_permission(self, request, obj=None) -> bool:
        return policies.is_admin(request.user)

    def has_add_permission(self, request, *args) -> bool:
        return policies.is_admin(request.user)

    def has_change_permission(self, request, obj=None) -> bool:
        return policies.is_admin(request.user)

    def has_delete_permission(self, request, obj=None) -> bool:
        return policies.is_admin(request.user)


class PortalAdmin(PortalAdminMixin, admin.ModelAdmin):
    """Base for the portal's model admins."""

    list_per_page = 50
    show_full_result_count = False  # a COUNT(*) over a million trainees is not free


class PortalTabularInline(PortalAdminMixin, admin.TabularInline):
    extra = 0
    show_change_link = True


class ReadOnlyPortalAdmin(PortalAdmin):
    """Rows written by the system (audit log, match results): administrators look, never edit."""

    def has_add_permission(self, request, *args) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


ROLE_FIELDS = ("role", "blkk", "employer", "scope_province", "scope_regency")

# What a user may do is their role and scope (policies.py); Django's groups and per-model
# permissions decide nothing in the portal, so they are not offered for editing.
admin.site.unregister(Group)


@admin.register(User)
class UserAdmin(PortalAdminMixin, DjangoUserAdmin):
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "email")}),
        (
            _("Admin access"),
            {
                "fields": ("is_active", "is_staff", "is_superuser"),
                "description": _("Staff status lets an administrator log in to this admin site."),
            },
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
        (
            _("Portal role and scope"),
            {
                "fields": ROLE_FIELDS,
                "description": _(
                    "BLKK staff are bound to one BLKK, employer accounts to one employer; "
                    "officials may be limited to a province or a regency/city."
                ),
            },
        ),
    )
    add_fieldsets = (
        *DjangoUserAdmin.add_fieldsets,
        (_("Portal role and scope"), {"classes": ("wide",), "fields": ROLE_FIELDS}),
    )
    list_display = ("username", "get_full_name", "email", "role", "bound_to", "is_staff", "is_active")
    list_filter = ("role", "is_staff", "is_superuser", "is_active")
    filter_horizontal = ()
    search_fields = ("username", "first_name", "last_name", "email", "blkk__name", "employer__name")
    autocomplete_fields = ("blkk", "employer", "scope_regency")
    list_select_related = ("blkk", "employer", "scope_province", "scope_regency")

    @admin.display(description=_("full name"))
    def get_full_name(self, obj: User) -> str:
        return obj.get_full_name()

    @admin.display(description=_("bound to / scope"))
    def bound_to(self, obj: User) -> str:
        bound = obj.blkk or obj.employer or obj.scope_regency or obj.scope_province
        if bound is not None:
            return str(bound)
        return str(_("national")) if obj.role == User.Role.OFFICIAL else "—"


@admin.register(AccessLog)
class AccessLogAdmin(ReadOnlyPortalAdmin):
    """Who saw a NIK or contact details (UU PDP). Append-only: nobody adds, edits or deletes."""

    list_display = ("at", "user", "action", "trainee", "ip_address", "path")
    list_filter = ("action",)
    date_hierarchy = "at"
    search_fields = ("user__username", "trainee__full_name", "=trainee__nik", "path", "ip_address")
    list_select_related = ("user", "trainee")

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
