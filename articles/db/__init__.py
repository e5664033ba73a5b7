"""What the database does behind Django's back, declared once and checked.

triggers.py   every trigger, by name, per database: the registry
operations.py InstallTriggers and RemoveTriggers, for migrations
checks.py     `manage.py check` compares the registry with the database
sqlite3/      the SQLite backend, whose schema editor puts triggers back
              after Django rebuilds a table
"""
