"""Stage 3: files beside the pages (feeds, exports, redirects, cards, search, CSP)."""
