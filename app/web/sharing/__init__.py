"""Sharing pages outside the site: Open Graph and Twitter-card tags (`Share`, drawn by
`templates/_share.html` in the base template), the server-drawn share image (`card.py`,
`glyphs.py`), the WhatsApp, e-mail and print links and the printed sheet's QR code."""
