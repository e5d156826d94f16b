"""The reasons of the report are the catalogues' own: every one used is a member."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from letter_book.cli import main
from letter_book.reasons import LineReason, SkipReason

from .conftest import ARCHIVE, FIXTURES, ROOT, SAMPLES


def test_every_reason_a_busy_archive_reports_is_a_member(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    shutil.copytree(ARCHIVE, archive)
    shutil.copytree(FIXTURES / "substack-export", archive / "substack-export")
    for sample in SAMPLES.iterdir():
        shutil.copy(sample, archive / sample.name)
    (archive / "notes.docx").write_bytes(b"PK")
    (archive / "2024-08-06-binary.txt").write_bytes(b"\x00\x01\x02" * 50)
    (archive / "2099-01-01-orphan.override.toml").write_text('title = "x"\n', encoding="utf-8")
    shutil.copy(ROOT / "letter-book.toml", tmp_path)
    config = tmp_path / "letter-book.toml"
    config.write_text(
        config.read_text(encoding="utf-8").replace('path = "archive"', f"path = {str(archive)!r}"),
        encoding="utf-8",
    )
    argv = ["--config", str(config), "-q", "convert", "--out", str(tmp_path / "book")]
    assert main([*argv, "--report", str(tmp_path)]) == 0
    report = json.loads((tmp_path / "conversion-report.json").read_text(encoding="utf-8"))
    codes = {item["code"] for item in report["skipped"]}
    assert codes <= {reason.value for reason in SkipReason}
    assert {"excluded", "no-reader", "not-an-issue", "override.orphan"} <= codes
    assert "draft" in codes or "not-a-newsletter" in codes  # the export's posts set aside
    reasons = {d["reason"] for issue in report["issues"] for d in issue["dropped"]}
    assert reasons <= {reason.value for reason in LineReason}
    assert {"boilerplate.pattern", "author.bio"} <= reasons
