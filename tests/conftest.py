import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED_DIR = ROOT / "seeds"
SEED_FILE = SEED_DIR / "000_4cc5cf96edb96563.txt"
# Real news text shared beside the repository; never copied into it.
CORPORA_DIR = Path(
    os.environ.get("NEWSROOM_CORPORA", ROOT.parent / "shared" / "corpora")
)


@pytest.fixture
def seed_dir():
    return SEED_DIR


@pytest.fixture
def seed_file():
    return SEED_FILE


@pytest.fixture
def corpora_dir():
    if not CORPORA_DIR.is_dir():
        pytest.skip(f"shared corpora not found at {CORPORA_DIR}")
    return CORPORA_DIR


@pytest.fixture
def search_backend():
    from articles.search import get_search_backend

    return get_search_backend()
