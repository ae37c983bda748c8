"""Driving the site in Chromium: signing in, uploading, and axe-core."""

from axe_playwright_python.sync_playwright import Axe


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


def upload(page, path):
    page.get_by_label("Letter or report").set_input_files(str(path))
    page.get_by_role("button", name="Upload and check").click()
