"""Tests of audit.validation, one module per module of the package."""
