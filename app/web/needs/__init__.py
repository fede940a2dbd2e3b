"""Needs on the site: the board /necessidades, a need's page with its offers (`pages.py`), and
the gov editor's form to post and edit one (`manage.py`, read by `form.py`)."""
