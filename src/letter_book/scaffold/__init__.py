"""``letter-book init``: the files of a new book project (:mod:`.project`, from
``templates/project/``)."""
