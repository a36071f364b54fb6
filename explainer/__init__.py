"""A static, bilingual explainer-site generator: YAML data in, Arabic and English pages out.

The package is pure: it never imports MkDocs. `hooks/site.py` is the only adapter.
"""
