"""In-portal notifications (also sent by e-mail).

A notification stores its kind and parameters, not a rendered sentence: the message is rendered
in the reader's language when shown. ``key`` names the event; one recipient gets one notification
per event, whatever retries or re-deliveries happen (unique constraint).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext


class Notification(models.Model):
    class Kind(models.TextChoices):
        NEW_PROPOSALS = "new_proposals", _("new candidates proposed")
        GRADUATE_SHORTLISTED = "graduate_shortlisted", _("graduate shortlisted")
        GRADUATE_OFFERED = "graduate_offered", _("graduate offered a job")
        GRADUATE_HIRED = "graduate_hired", _("graduate hired")

    recipient = models.ForeignKey(  # leads notification_once_per_event and both indexes below
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
        db_index=False,
    )
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    link = models.CharField(_("link"), max_length=300, blank=True)
    key = models.CharField(_("event key"), max_length=120)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.UniqueConstraint(fields=["recipient", "key"], name="notification_once_per_event"),
        ]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_unread_idx"),
            models.Index(fields=["recipient", "-created_at"], name="notification_inbox_idx"),
        ]

    def __str__(self) -> str:
        return self.message

    @property
    def is_unread(self) -> bool:
        return self.read_at is None

    @property
    def message(self) -> str:
        """The sentence, in the active language (names and counts only: never a NIK or birth date)."""
        p = self.params
        if self.kind == self.Kind.NEW_PROPOSALS:
            count = int(p.get("count", 0))
            return ngettext(
                "%(count)s new candidate proposed for your vacancy “%(vacancy)s”.",
                "%(count)s new candidates proposed for your vacancy “%(vacancy)s”.",
                count,
            ) % {"count": count, "vacancy": p.get("vacancy", "")}
        template = {
            self.Kind.GRADUATE_SHORTLISTED: _(
                "%(trainee)s was shortlisted by %(employer)s for “%(vacancy)s”."
            ),
            self.Kind.GRADUATE_OFFERED: _("%(trainee)s was offered the job “%(vacancy)s” by %(employer)s."),
            self.Kind.GRADUATE_HIRED: _("%(trainee)s was hired by %(employer)s as “%(vacancy)s”."),
        }.get(self.kind)
        if template is None:
            return str(self.get_kind_display())
        return str(template) % {
            "trainee": p.get("trainee", ""),
            "employer": p.get("employer", ""),
            "vacancy": p.get("vacancy", ""),
        }
