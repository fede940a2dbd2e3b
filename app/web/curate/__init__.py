"""What a curator does: the queue (`queue.py`), one review kit for every curated kind (`review.py`
serves the page, the claim and the decision; `reviews.py` declares what differs per kind) and
the policies due for re-verification (`verification.py`)."""
