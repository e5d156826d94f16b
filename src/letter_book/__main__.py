from letter_book.cli import run

raise SystemExit(run())
