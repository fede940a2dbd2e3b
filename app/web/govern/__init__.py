"""What a government editor does: keep a municipality's reception capacity current, one form at
a time (`capacity.py`, parsed by `capacity_form.py`) or many municipalities from a CSV file
(`capacity_import.py`: dry run first, then apply)."""
