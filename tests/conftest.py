import os
from pathlib import Path

import pytest

from tests.support import ScratchDatabase, postgres_url

ROOT = Path(__file__).resolve().parent.parent
SEED_DIR = ROOT / "seeds"
SEED_FILE = SEED_DIR / "000_4cc5cf96edb96563.txt"
# The places the seed story names, as the entity extractor finds them.
SEED_PLACES = frozenset(
    {
        "China",
        "North Korea",
        "Japan",
        "South Korea",
        "Beijing",
        "Yunnan",
        "Vietnam",
    }
)
# Real news text shared beside the repository; never copied into it.
CORPORA_DIR = Path(
    os.environ.get("NEWSROOM_CORPORA", ROOT.parent / "shared" / "corpora")
)


@pytest.fixture(autouse=True)
def nothing_kept_between_tests():
    """Each test starts with nothing kept for a state of the archive: a
    rolled-back test may leave the archive's state as another will find it."""
    from articles import caching

    caching._kept.clear()
    yield
    caching._kept.clear()


@pytest.fixture
def seed_dir():
    return SEED_DIR


@pytest.fixture
def seed_file():
    return SEED_FILE


# The user's own first seed story, shared beside the repository for tests to
# read at test time; its text is not the project's to copy.
USERS_SEED = ROOT.parent / "shared" / "seeds" / "000_4cc5cf96edb96563.txt"


@pytest.fixture
def users_seed():
    if not USERS_SEED.is_file():
        pytest.skip(f"the user's seed story is not at {USERS_SEED}")
    return USERS_SEED


@pytest.fixture
def corpora_dir():
    if not CORPORA_DIR.is_dir():
        pytest.skip(f"shared corpora not found at {CORPORA_DIR}")
    return CORPORA_DIR


@pytest.fixture
def search_backend():
    from articles.search import get_search_backend

    return get_search_backend()


@pytest.fixture
def scratch_databases(tmp_path):
    """Make scratch databases on demand: `scratch_databases("name")`, each in a
    folder of its own, on PostgreSQL when DATABASE_URL points to it."""
    made = []

    def make(name="db"):
        database = ScratchDatabase(tmp_path / name, postgres=postgres_url())
        made.append(database)
        return database

    yield make
    for database in made:
        database.drop()


# The IPTC's own schemas and examples of its formats, shared beside the
# repository (../shared/formats/README.md says where they come from).
FORMATS_DIR = Path(
    os.environ.get("NEWSROOM_FORMATS", ROOT.parent / "shared" / "formats")
)


@pytest.fixture
def formats_dir():
    if not FORMATS_DIR.is_dir():
        pytest.skip(f"the IPTC's formats are not at {FORMATS_DIR}")
    return FORMATS_DIR
