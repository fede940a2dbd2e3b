"""What anyone does with their own account: sign in and out, choose the language
(`sign_in.py`), download what Partilha holds about them and delete the account
(`my_account.py`)."""
