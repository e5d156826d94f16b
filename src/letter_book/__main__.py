from letter_book.cli import run

if __name__ == "__main__":  # not when a pool's spawned process imports it again
    raise SystemExit(run())
