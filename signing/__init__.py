"""USB tokens (PKCS#11), PIN prompts, PAdES signing and validation."""
