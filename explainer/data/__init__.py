"""Stage 1: reading and checking data/*.yaml (models, YAML loader, schemas, translations)."""
