"""Rows built without ``Model.__init__`` (apps.core.models.FastLoadModel) are the objects Django builds."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.db import models
from django.db.models.signals import post_init

from apps.core.models import FastLoadModel
from apps.registry.models import Blkk
from apps.trainees.models import Trainee
from apps.vacancies.models import Application, Vacancy
from tests import factories as f

pytestmark = pytest.mark.django_db


def django_built(obj: models.Model) -> models.Model:
    """The same row built by Django's own ``from_db`` (through ``__init__``)."""
    model = type(obj)
    names = [field.attname for field in model._meta.concrete_fields]
    return models.Model.from_db.__func__(model, obj._state.db, names, [getattr(obj, n) for n in names])


def same(a: models.Model, b: models.Model) -> None:
    assert type(a) is type(b)
    state_a, state_b = a.__dict__.pop("_state"), b.__dict__.pop("_state")
    try:
        assert list(a.__dict__.items()) == list(b.__dict__.items())  # same values, same order
        assert (state_a.adding, state_a.db) == (state_b.adding, state_b.db) == (False, "default")
    finally:
        a._state, b._state = state_a, state_b


def test_every_fast_model_loads_its_rows_as_django_does():
    application = f.ApplicationFactory()
    fast = [m for m in apps.get_models() if issubclass(m, FastLoadModel)]
    assert {Trainee, Vacancy, Application} <= set(fast)
    checked = 0
    for model in fast:
        for obj in model.objects.all()[:3]:
            assert "_fast_load_names" in type(obj).__dict__  # built by the fast path
            same(obj, django_built(obj))
            checked += 1
    assert checked >= 8
    loaded = Application.objects.select_related("vacancy", "trainee").get(pk=application.pk)
    assert loaded.trainee.full_name == application.trainee.full_name  # related rows, also fast
    assert loaded.vacancy.title == application.vacancy.title


def test_a_loaded_row_saves_and_refreshes_as_usual():
    vacancy = f.VacancyFactory()
    loaded = Vacancy.objects.get(pk=vacancy.pk)
    assert loaded._state.adding is False
    loaded.title = "Operator CNC"
    loaded.save(update_fields=["title"])
    loaded.refresh_from_db()
    assert loaded.title == "Operator CNC"
    assert loaded == vacancy
    assert loaded.employer_id == vacancy.employer_id
    assert loaded.employer == vacancy.employer  # the foreign key descriptor still works


def test_a_row_with_deferred_columns_loads_just_the_others_as_django_does():
    application = f.ApplicationFactory()
    loaded = (
        Application.objects.select_related("trainee__blkk")
        .only("status", "trainee__full_name", "trainee__blkk__name")
        .get(pk=application.pk)
    )
    for obj, model in ((loaded, Application), (loaded.trainee, Trainee), (loaded.trainee.blkk, Blkk)):
        assert type(obj) is model and "_fast_load_names" in model.__dict__
        names = [f.attname for f in model._meta.concrete_fields if f.attname in obj.__dict__]
        built = models.Model.from_db.__func__(model, "default", names, [getattr(obj, n) for n in names])
        same(obj, built)
        assert obj.get_deferred_fields() == built.get_deferred_fields() != set()
    assert loaded.trainee.full_name == application.trainee.full_name
    assert loaded.trainee.blkk.name == application.trainee.blkk.name
    assert loaded.trainee.phone == application.trainee.phone  # a deferred column loads on access
    assert loaded.vacancy_id == application.vacancy_id


def test_a_post_init_receiver_is_still_called():
    vacancy = f.VacancyFactory()
    seen = []

    def receiver(sender, instance, **kwargs):
        seen.append(instance.pk)

    post_init.connect(receiver, sender=Vacancy)
    try:
        Vacancy.objects.get(pk=vacancy.pk)
    finally:
        post_init.disconnect(receiver, sender=Vacancy)
    assert seen == [vacancy.pk]


def choice_fields():
    for model in apps.get_models():
        if issubclass(model, FastLoadModel):
            for field in model._meta.concrete_fields:
                if field.choices:
                    yield model, field


@pytest.mark.parametrize("language", ["id", "en"])
def test_every_choice_label_is_djangos_in_each_language(language):
    from django.utils import translation

    fields = list(choice_fields())
    assert {(Trainee, "education"), (Vacancy, "status")} <= {(m, f.name) for m, f in fields}
    with translation.override(language):
        for model, field in fields:
            obj = model()
            for value in [*(v for v, _ in field.flatchoices), "not-a-choice", None]:
                setattr(obj, field.attname, value)
                ours = getattr(obj, f"get_{field.name}_display")()
                assert ours == models.Model._get_FIELD_display(obj, field), (model, field.name, value)
                assert type(ours) is type(models.Model._get_FIELD_display(obj, field))


def test_a_choice_label_follows_the_active_language():
    from django.utils import translation

    trainee = Trainee(education="D3")
    with translation.override("en"):
        english = trainee.get_education_display()
    with translation.override("id"):
        indonesian = trainee.get_education_display()
    assert english != indonesian
    assert "D3" in english and "D3" in indonesian
