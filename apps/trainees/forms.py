"""Trainee, enrolment, graduation and import forms. They parse input; the services decide."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from django import forms
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.choices import Education, Gender
from apps.core.forms import DateInput
from apps.core.validators import mask_nik, validate_nik
from apps.registry.forms import RegencyChoiceField, model_field
from apps.taxonomy.models import CompetencyUnit
from apps.trainees import imports
from apps.trainees.models import Enrolment, Trainee
from apps.training.models import Cohort

NOT_ENROLLED = "none"


# --- trainees --------------------------------------------------------------------------------
class TraineeForm(forms.Form):
    """A trainee's personal data. A NIK whose date or gender part disagrees with the birth date or
    gender is saved and flagged (the service returns the warnings); it is never refused."""

    nik = forms.CharField(
        label=Trainee._meta.get_field("nik").verbose_name,
        help_text=Trainee._meta.get_field("nik").help_text,
        max_length=24,  # 16 digits, perhaps typed in groups of four
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "spellcheck": "false"}),
    )
    full_name = model_field(Trainee, "full_name", widget=forms.TextInput(attrs={"autocomplete": "off"}))
    gender = forms.ChoiceField(label=_("Gender"), choices=[("", "—"), *Gender.choices])
    birth_date = forms.DateField(label=_("Birth date"), widget=DateInput)
    education = forms.ChoiceField(label=_("Education"), choices=[("", "—"), *Education.choices])
    regency = RegencyChoiceField(label=_("Domicile regency/city"))
    address = model_field(Trainee, "address", widget=forms.Textarea(attrs={"rows": 2}))
    phone = model_field(
        Trainee, "phone", widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"})
    )
    email = model_field(Trainee, "email", widget=forms.EmailInput(attrs={"autocomplete": "off"}))
    relocate = model_field(Trainee, "relocate")

    def clean_nik(self) -> str:
        # People type NIKs in groups of four ("3325 0157 0805 0001"): keep the digits.
        nik = re.sub(r"[\s.-]", "", self.cleaned_data["nik"])
        validate_nik(nik)
        return nik

    @classmethod
    def initial_for(cls, trainee: Trainee) -> dict[str, Any]:
        return {name: getattr(trainee, name) for name in cls.base_fields if name != "regency"} | {
            "regency": trainee.regency_id
        }


class TraineeCreateForm(TraineeForm):
    consent_share = forms.BooleanField(
        required=False,
        label=_("Consents to sharing their profile with employers"),
        help_text=_("Record consent only when the trainee has given it (UU PDP). It can be withdrawn."),
    )
    objects_to_matching = forms.BooleanField(
        required=False,
        label=_("Objects to automated matching"),
        help_text=_("Then the portal never proposes this trainee automatically; you may still nominate."),
    )


class TraineeFilterForm(forms.Form):
    """Search the trainee list by name or NIK, filter by enrolment status."""

    q = forms.CharField(
        required=False,
        max_length=100,
        label=_("Name or NIK"),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    status = forms.ChoiceField(
        required=False,
        label=_("Status"),
        choices=[("", _("All statuses")), *Enrolment.Status.choices, (NOT_ENROLLED, _("not enrolled"))],
    )

    def filter(self, trainees: QuerySet[Trainee]) -> QuerySet[Trainee]:
        if not self.is_valid():
            return trainees.none()
        q = self.cleaned_data["q"].strip().replace("\x00", "")
        if q:
            digits = re.sub(r"\s", "", q)
            by_name = Q(full_name__icontains=q)
            trainees = trainees.filter(by_name | Q(nik=digits) if digits.isdigit() else by_name)
        status = self.cleaned_data["status"]
        if status == NOT_ENROLLED:
            trainees = trainees.filter(~Exists(Enrolment.objects.filter(trainee=OuterRef("pk"))))
        elif status:
            trainees = trainees.filter(
                Exists(Enrolment.objects.filter(trainee=OuterRef("pk"), status=status))
            )
        return trainees


class ConsentForm(forms.Form):
    consent = forms.TypedChoiceField(
        choices=[("1", _("yes")), ("0", _("no"))], coerce=lambda v: v == "1", label=_("Consent")
    )


class ObjectionForm(forms.Form):
    objects = forms.TypedChoiceField(
        choices=[("1", _("yes")), ("0", _("no"))], coerce=lambda v: v == "1", label=_("Objection")
    )


# --- enrolments ------------------------------------------------------------------------------
class TraineeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Trainee) -> str:
        return f"{obj.full_name} · {mask_nik(obj.nik)}"


def enrolable_trainees(trainees: QuerySet[Trainee], cohort: Cohort) -> QuerySet[Trainee]:
    """The BLKK's trainees not yet in ``cohort``."""
    return (
        trainees.exclude(enrolments__cohort=cohort).filter(erased_at__isnull=True).order_by("full_name", "pk")
    )


class EnrolForm(forms.Form):
    trainee = TraineeChoiceField(queryset=Trainee.objects.none(), label=_("Trainee"))

    def __init__(self, *args: Any, trainees: QuerySet[Trainee], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["trainee"].queryset = trainees


class EnrolmentStatusForm(forms.Form):
    """Registered / in training / dropped out. Graduation has its own page."""

    status = forms.ChoiceField(
        label=_("Status"),
        choices=[c for c in Enrolment.Status.choices if c[0] != Enrolment.Status.GRADUATED],
    )


class GraduationForm(forms.Form):
    graduated_on = forms.DateField(label=_("Graduation date"), widget=DateInput)

    def __init__(self, *args: Any, cohort: Cohort, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["graduated_on"].initial = min(cohort.end_date, timezone.localdate())


class GraduatesForm(forms.Form):
    """Per enrolment: the units achieved (default: all the programme's) or "dropped out"."""

    def __init__(
        self,
        *args: Any,
        enrolments: Iterable[Enrolment],
        units: Iterable[CompetencyUnit],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.enrolments = list(enrolments)
        self.units = {str(u.pk): u for u in units}
        choices = [(pk, f"{u.code} — {u.title}") for pk, u in self.units.items()]
        for enrolment in self.enrolments:
            achieved = [str(u.pk) for u in enrolment.competencies.all()]
            graduated = enrolment.status == Enrolment.Status.GRADUATED
            self.fields[f"units_{enrolment.pk}"] = forms.MultipleChoiceField(
                choices=choices,
                required=False,
                widget=forms.CheckboxSelectMultiple,
                label=_("Units achieved by %(name)s") % {"name": enrolment.trainee.full_name},
                initial=achieved if graduated else list(self.units),
            )
            self.fields[f"dropped_{enrolment.pk}"] = forms.BooleanField(
                required=False,
                label=_("%(name)s dropped out") % {"name": enrolment.trainee.full_name},
            )

    def rows(self) -> list[tuple[Enrolment, forms.BoundField, forms.BoundField]]:
        return [(e, self[f"units_{e.pk}"], self[f"dropped_{e.pk}"]) for e in self.enrolments]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        for enrolment in self.enrolments:
            if (
                self.units
                and not cleaned.get(f"dropped_{enrolment.pk}")
                and not cleaned.get(f"units_{enrolment.pk}")
            ):
                self.add_error(
                    f"units_{enrolment.pk}",
                    _("Tick at least one unit, or mark the trainee as dropped out."),
                )
        return cleaned

    def competencies_by_enrolment(self) -> dict[int, list[CompetencyUnit]]:
        return {
            e.pk: [self.units[pk] for pk in self.cleaned_data[f"units_{e.pk}"]]
            for e in self.enrolments
            if not self.cleaned_data[f"dropped_{e.pk}"]
        }

    def dropped(self) -> list[int]:
        return [e.pk for e in self.enrolments if self.cleaned_data[f"dropped_{e.pk}"]]


# --- spreadsheet import ----------------------------------------------------------------------
class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Spreadsheet (.xlsx or .csv)"),
        help_text=_("At most 5 MB and 10,000 rows. The first row holds the column names of the template."),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv"
            }
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > imports.MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(mb)s MB. Split it into smaller files."),
                params={"mb": imports.MAX_BYTES // (1024 * 1024)},
                code="too_large",
            )
        if not upload.name.lower().endswith((".xlsx", ".csv")):
            raise forms.ValidationError(
                _(
                    "Upload an Excel workbook (.xlsx) or a CSV file. Old .xls files: save them as .xlsx first."
                ),
                code="file_type",
            )
        return upload
