"""Driving the site in Chromium: signing in, uploading, and axe-core."""

from axe_playwright_python.sync_playwright import Axe

from tests.support.queue import run_queued_tasks

READING = "[data-upload-reading]"


def sign_in(page, username: str):
    page.goto("/letters/upload/")
    assert "/accounts/login/" in page.url  # the form asks who you are first
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("correct horse")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/letters/upload/")


def assert_accessible(page):
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def submit_upload(page, path):
    """Choose the file and press the button; the page is then the reading page, or the
    upload page with a refusal made at once."""
    page.get_by_label("Letter or report").set_input_files(str(path))
    page.get_by_role("button", name="Upload and check").click()
    page.wait_for_load_state("load")


def wait_until_read(page, *, timeout: float = 60_000):
    """Wait on the reading page until it shows the figures or the refusal (it reloads by
    itself once the file is read)."""
    page.wait_for_selector(READING, state="detached", timeout=timeout)
    page.wait_for_load_state("load")


def upload(page, path):
    """Upload a file and wait while the queue reads it: the queued read runs in the test's
    process with the worker's own code (tests.support.queue); the page then shows the
    figures or the refusal. tests/browser/test_upload_browser.py uses the real worker."""
    submit_upload(page, path)
    if page.locator(READING).count():
        run_queued_tasks()
        wait_until_read(page)
