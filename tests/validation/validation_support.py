"""Paths the validation tests share (a module of its own, so that no two test folders' conftest clash)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
