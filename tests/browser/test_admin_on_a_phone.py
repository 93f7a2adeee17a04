"""The admin's forms and the people list fit a phone (360 px): nothing wider than the
screen. A select was as wide as its longest option (the licences: 518 px) and the
people table cut off the class column."""

import pytest
from playwright.sync_api import expect
from steps import log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# The page's width, the licence select's, and every form control or table cell that
# reaches past the right edge of the screen (the admin's main area hides what overflows,
# so the page's own scroll width alone would not tell); the editor's closed side panel
# waits past the edge by design.
WIDTHS = """() => ({
    scroll: document.documentElement.scrollWidth,
    licence: document.querySelector('select[name=licence]')?.getBoundingClientRect().width ?? null,
    past_the_edge: [...document.querySelectorAll('main select, main input, main textarea, main button, main td')]
        .filter(el => !el.closest('.form-side') && el.getBoundingClientRect().width
                      && el.getBoundingClientRect().right > window.innerWidth + 0.5)
        .map(el => `${el.tagName.toLowerCase()}[name=${el.name}] right=${Math.round(el.getBoundingClientRect().right)}`),
})"""


def _widths(page, width, shot):
    page.wait_for_load_state("load")
    page.screenshot(path=shot, full_page=True)
    got = page.evaluate(WIDTHS)
    assert got["scroll"] <= width and got["past_the_edge"] == [], got
    return got


@pytest.mark.parametrize("width, page_fixture", [(360, "mobile_page"), (1280, "page")])
def test_the_admin_forms_and_the_people_list_fit_the_screen(
    request, width, page_fixture, demo_district, platform_url, artifacts_dir
):
    page = request.getfixturevalue(page_fixture)
    # the admin's resource editor: the platform's administrator (officers hold no subject
    # group to file a resource under; teachers author on the site)
    log_in(page, platform_url, "admin")
    page.goto(f"{platform_url}/admin/snippets/repository/resource/add/")
    expect(page.locator("select[name=licence]")).to_be_visible()
    got = _widths(page, width, artifacts_dir / f"admin-resource-add-{width}.png")
    assert 200 <= got["licence"] <= min(width - 40, 840), got  # within the form's margins

    page.context.clear_cookies()
    log_in(page, platform_url, "chuyenvien")
    school = demo_district.school("THCS-NT")
    page.goto(f"{platform_url}/admin/snippets/organisation/school/edit/{school.pk}/")
    expect(page.locator("input[name=name]")).to_have_value(school.name)
    _widths(page, width, artifacts_dir / f"admin-school-edit-{width}.png")

    page.goto(f"{platform_url}/accounts/people/school/{school.pk}/")
    student = page.locator("table.people tbody tr", has_text="Phan Gia Bảo")
    class_cell = student.locator("td").nth(3)
    expect(class_cell).to_have_text("6A")
    class_cell.scroll_into_view_if_needed()
    expect(class_cell).to_be_in_viewport(ratio=1)  # whole, not cut at the right edge
    _widths(page, width, artifacts_dir / f"people-{width}.png")
