from django.template import Context, Template
from django.utils import translation


def _render() -> str:
    return Template('{% load i18n maillage %}{% trans "Statut" %}{% colon %}').render(Context())


def test_french_labels_keep_the_space_before_the_colon():
    with translation.override("fr"):
        assert _render() == "Statut :"


def test_english_labels_have_no_space_before_the_colon():
    with translation.override("en"):
        assert _render() == "Status:"
