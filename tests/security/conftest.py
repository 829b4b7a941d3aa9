"""The demo county fixtures of the UI tests, for the security tests that go through the pages."""

from tests.ui.conftest import demo_home, demo_template  # noqa: F401
