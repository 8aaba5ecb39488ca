"""Markers of the packaging tests."""


def pytest_configure(config):
    """Register ``wheel_build`` (builds the sdist and wheel and installs it; about a minute, runs in CI)."""
    config.addinivalue_line("markers", "wheel_build: builds the sdist and wheel and installs the wheel in a fresh venv")
