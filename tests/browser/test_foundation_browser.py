import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.factories.network import PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_home_then_member_login_reaches_portal(page, member):
    UserFactory(email="alice@example.org", first_name="Alice", member=member)
    page.goto("/")
    assert "Maillage" in page.title()
    page.get_by_role("link", name="Se connecter").click()
    page.fill("input[name=login]", "alice@example.org")
    page.fill("input[name=password]", PASSWORD)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url("**/portail/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Bonjour")
    assert member.name in page.content()


def test_home_page_has_no_axe_violations(page, member):
    page.goto("/")
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
