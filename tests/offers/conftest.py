from pathlib import Path

import pytest
from django.conf import settings


@pytest.fixture
def data_dir() -> Path:
    """The real samples, used as they are (see ../shared/data/README.md)."""
    return Path(settings.BASE_DIR).parent / "shared" / "data"
