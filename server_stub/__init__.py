"""The province's central portal as a runnable service, for development and tests."""
