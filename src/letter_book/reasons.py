"""Why letter-book sets something aside: the stable codes of the conversion report.

Nothing is lost silently: an input line that is not in the book is in the report with a
:class:`LineReason`, and a file or an export's post that is not an issue with a
:class:`SkipReason`. Both catalogues are enums, like the warnings'
(:class:`letter_book.diagnostics.Code`), so that the documentation's reference is made
from them and cannot drift. Their values are ``str``: they are written as they are.
"""

from __future__ import annotations

import enum


class LineReason(enum.StrEnum):
    """Why an input line is in the report rather than the book."""

    BOILERPLATE_PATTERN = "boilerplate.pattern"
    """A line every newsletter repeats (a built-in or configured ``boilerplate.patterns``
    pattern: "view in browser", unsubscribe, share buttons...)."""
    BOILERPLATE_RECURRING = "boilerplate.recurring"
    """A paragraph found in enough of the archive's issues to be the newsletter's own
    boilerplate (``boilerplate.recurrence_ratio``, ``boilerplate.recurrence_min``)."""
    SECTION_INTRO = "section.intro"
    """A recurring section intro ("À chaque lettre un sujet décrypté : ..."); its topic is
    kept as the section's topic."""
    AUTHOR_BIO = "author.bio"
    """The author's short biography that closes an issue."""
    OVERRIDE = "override"
    """Set aside by the issue's override file (``[lines]``, role ``boilerplate``)."""
    HTML_CHROME = "html.chrome"
    """The navigation, header, footer, subscribe box or share buttons of a saved web page."""
    HTML_COMMENT = "html.comment"
    """An HTML comment in a page or a Markdown issue."""
    TRACKING_PIXEL = "image.tracking"
    """An image that only tells the sender the email was opened: a 1×1 or 2×2 pixel, a
    spacer, or an address of a known open-tracking service. Never fetched."""
    MERGE_TAG = "mailchimp.merge-tag"
    """A Mailchimp merge tag (``*|FNAME|*``, ``*|IF:...|*``): filled in for each subscriber
    when the email was sent, meaningless in a book."""


class SkipReason(enum.StrEnum):
    """Why a file of the archive, or a post of an export, is not an issue of the book."""

    EXCLUDED = "excluded"
    """Its name matches ``archive.exclude`` (a README, a licence, a hidden file)."""
    LINK = "link"
    """A symbolic link: links are never followed."""
    NOT_AN_EXPORT = "zip.not-export"
    """A zip file that is not an export any reader recognises."""
    UNRECOGNISED = "unrecognised"
    """A file of a suffix only formats recognised by their first bytes read, none of which
    recognises it."""
    NO_READER = "no-reader"
    """No reader takes files of its suffix (an image, a document)."""
    ORPHAN_OVERRIDE = "override.orphan"
    """An override file with no issue of its name."""
    NOT_AN_ISSUE = "not-an-issue"
    """A file its reader could not make an issue of (the warnings say why)."""
    DRAFT = "draft"
    """A post of an export that was never published."""
    NOT_A_NEWSLETTER = "not-a-newsletter"
    """A post of an export that is a podcast, a thread or a page, not a newsletter issue."""
    PAID = "paid"
    """A post for paid subscribers only, left out unless ``archive.paid_posts``."""
    STATUS = "status"
    """A post of an export whose status is not "sent" or "published"."""
    SCHEDULED = "scheduled"
    """A post scheduled for later, not yet published."""
    TRASHED = "trashed"
    """A post in the site's trash."""
    PAGE = "page"
    """A page of the site (About, Contact), not a post."""
    ATTACHMENT = "attachment"
    """An export's record of an uploaded file (an image, a document), not a post."""
    NOT_A_POST = "not-a-post"
    """Another kind of record of an export: a menu item, a navigation entry, a custom type."""
    ALTERNATIVE = "alternative"
    """The plain-text version of a campaign or an email whose HTML version is read."""
    DUPLICATE = "duplicate"
    """A byte-identical copy of a post already read (a campaign sent to two audiences, or
    sent again): built once."""
