"""The demo county fixtures of the UI tests, for the commands run on the demo county."""

from tests.ui.conftest import demo_home, demo_template  # noqa: F401
