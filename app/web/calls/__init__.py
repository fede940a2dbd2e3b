"""Thematic calls on the site: the public list and page of each call (`pages.py`), the curators'
form to open and edit one (`manage.py`, read by `form.py`), and what other pages show of them
(`view.py`: the home page's open calls, the practice form's choice, a call's places)."""
