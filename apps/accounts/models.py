from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class UserManager(DjangoUserManager):
    def create_superuser(self, username, email=None, password=None, **extra_fields):
        extra_fields.setdefault("role", User.Role.ADMIN)
        return super().create_superuser(username, email, password, **extra_fields)


class User(AbstractUser):
    """A portal account with one role and the scope that role works in."""

    class Role(models.TextChoices):
        BLKK_STAFF = "blkk_staff", _("BLKK staff")
        EMPLOYER = "employer", _("employer")
        OFFICIAL = "official", _("official (Kemnaker/Disnaker)")
        ADMIN = "admin", _("administrator")

    role = models.CharField(_("role"), max_length=12, choices=Role.choices, default=Role.BLKK_STAFF)
    blkk = models.ForeignKey(
        "registry.Blkk",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
        verbose_name=_("BLKK"),
    )
    employer = models.ForeignKey(
        "employers.Employer",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("employer"),
    )
    scope_province = models.ForeignKey(
        "regions.Province",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("scope: province"),
    )
    scope_regency = models.ForeignKey(
        "regions.Regency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("scope: regency/city"),
    )

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=(Q(role="blkk_staff") & Q(blkk__isnull=False) & Q(employer__isnull=True))
                | (Q(role="employer") & Q(employer__isnull=False) & Q(blkk__isnull=True))
                | (Q(role__in=["official", "admin"]) & Q(blkk__isnull=True) & Q(employer__isnull=True)),
                name="user_role_matches_binding",
            ),
            models.CheckConstraint(
                condition=Q(role="official")
                | (Q(scope_province__isnull=True) & Q(scope_regency__isnull=True)),
                name="user_only_officials_have_region_scope",
            ),
        ]

    @property
    def is_portal_admin(self) -> bool:
        return self.is_superuser or self.role == self.Role.ADMIN

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.role == self.Role.BLKK_STAFF and not self.blkk_id:
            errors["blkk"] = _("BLKK staff must be bound to one BLKK.")
        if self.role == self.Role.EMPLOYER and not self.employer_id:
            errors["employer"] = _("An employer account must be bound to one employer.")
        if self.role != self.Role.BLKK_STAFF and self.blkk_id:
            errors["blkk"] = _("Only BLKK staff are bound to a BLKK.")
        if self.role != self.Role.EMPLOYER and self.employer_id:
            errors["employer"] = _("Only employer accounts are bound to an employer.")
        if self.role != self.Role.OFFICIAL and (self.scope_province_id or self.scope_regency_id):
            errors["scope_province"] = _("Only officials have a regional scope.")
        if (
            self.scope_province_id
            and self.scope_regency_id
            and not self.scope_regency.code.startswith(self.scope_province_id + ".")
        ):
            errors["scope_regency"] = _("The regency is not in the chosen province.")
        if errors:
            raise ValidationError(errors)


class AccessLog(models.Model):
    """Who saw a trainee's NIK or contact details, when and from where (UU PDP). Append-only."""

    class Action(models.TextChoices):
        VIEW_NIK = "view_nik", _("viewed NIK")
        VIEW_CONTACT = "view_contact", _("viewed contact details")
        EXPORT = "export", _("exported personal data")
        ERASE = "erase", _("erased personal data")

    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    # No foreign-key constraint in the database, as for the history tables of django-simple-history:
    # an append-only record should not lock the rows it cites (PostgreSQL checks a constraint with a
    # share lock on the trainee's and the user's row, for every row written: half the cost of
    # logging a shortlist). PROTECT and SET_NULL still hold: Django applies them on delete.
    user = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        related_name="access_logs",
        verbose_name=_("user"),
        db_constraint=False,
    )
    action = models.CharField(_("action"), max_length=15, choices=Action.choices)
    trainee = models.ForeignKey(
        "trainees.Trainee",
        on_delete=models.SET_NULL,
        null=True,
        related_name="access_logs",
        verbose_name=_("trainee"),
        db_constraint=False,
    )
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    path = models.CharField(_("path"), max_length=255, blank=True)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user_id} {self.action} {self.trainee_id}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise ValidationError(_("Access log entries cannot be changed."))
        super().save(*args, **kwargs)
