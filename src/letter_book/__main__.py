from letter_book.cli import main

raise SystemExit(main())
