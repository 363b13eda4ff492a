"""What every browser test does to a page: sign in, check its width, tell reloads apart."""
from portal.demo import DEMO_PASSWORD

ADMIN = "admin@puspaga.test"


def no_horizontal_scroll(page):
    """The page fits the window: nothing sticks out sideways."""
    width = page.viewport_size["width"]
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= width, f"page is {scroll}px wide in a {width}px window"


def mark_document(page):
    """Tag the current document; a full page load forgets the tag."""
    page.evaluate("window.__sameDocument = true")


def still_same_document(page):
    return page.evaluate("window.__sameDocument === true")


def settled(page):
    """Wait until htmx has finished its swap and wired up the new content.

    A boosted link pushes the new address before it swaps and processes the new elements one settle
    later, so neither the URL nor the load state says the page's forms listen yet.
    """
    page.wait_for_function("() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')")


def sign_in(page, email=ADMIN, password=DEMO_PASSWORD):
    page.goto("/staf/masuk")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Kata sandi").fill(password)
    page.get_by_role("button", name="Masuk", exact=True).click()
    page.wait_for_url("**/staf/")
