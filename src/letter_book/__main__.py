if __name__ == "__main__":  # not when a pool's spawned process imports this module again
    from letter_book.cli import run

    raise SystemExit(run())
