"""Stage 2: data to page Markdown and HTML (pages, text, glossary, citations, dates)."""
