"""gunicorn settings for newsroom: `gunicorn -c gunicorn.conf.py`."""

import multiprocessing
import os

wsgi_app = "newsroom.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Two workers per core is plenty for server-rendered pages; the search work
# happens in the database, not in Python.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2))
# Workers recycle now and then so a slow leak can never grow without bound.
max_requests = 2000
max_requests_jitter = 200
timeout = 30
# The longest request line gunicorn accepts (its default is 4,094 bytes). The
# search form takes 500 characters (articles/search/query.py); percent-encoded
# as UTF-8 that is up to 6,000 bytes, with room left for the other filters. A
# longer query is answered by the search page itself, cut with a note.
limit_request_line = 8190
accesslog = "-"
errorlog = "-"
