"""Editors' images: decoded and re-encoded with Pillow, kept with their draft until it is published.

Only what Pillow decodes as PNG, JPEG or WebP is taken, whatever the file's name or the browser says, up to
MAX_BYTES and MAX_PIXELS (a small file that decodes into a huge picture is refused before it is decoded).
Re-encoding turns the picture as its EXIF orientation says and writes the pixels alone: EXIF (GPS location,
camera, time), XMP, ICC profiles, comments and PNG text chunks are all left behind.
"""

from __future__ import annotations

import hashlib
import re
import warnings
from dataclasses import dataclass
from io import BytesIO

from flask_babel import lazy_gettext as _l
from PIL import Image, ImageOps, UnidentifiedImageError
from sqlalchemy import select

from portal.content.images import FOLDER
from portal.editorial.models import ALT, Draft, DraftImage
from portal.extensions import db

MAX_BYTES = 2 * 1024 * 1024  # what an editor may upload
MAX_PIXELS = 24_000_000  # width x height, about a 6000 x 4000 photograph
MAX_SIDE = 10_000
MAX_STORED = 4 * 1024 * 1024  # a re-encoded image larger than this is refused too
FORMATS = {"PNG": "png", "JPEG": "jpg", "WEBP": "webp"}  # Pillow's format name -> the file's extension
# What Pillow may call them once opened: many phones write JPEG with a second picture (MPO), saved as JPEG.
DECODED = {**FORMATS, "MPO": "jpg"}
_SPACE = re.compile(r"\s+")


class BadImage(ValueError):
    """The upload is not an image the portal takes; the message says why, in the editor's language."""


@dataclass(frozen=True)
class Encoded:
    """A re-encoded image: its content-derived file name and its bytes."""

    name: str
    data: bytes


def reencode(data: bytes) -> Encoded:
    """Decode `data` as PNG, JPEG or WebP and encode it again without any metadata; raise BadImage."""
    if not data:
        raise BadImage(str(_l("Choose an image file.")))
    if len(data) > MAX_BYTES:
        raise BadImage(str(_l("The image is larger than 2 MB. Make it smaller and upload it again.")))
    not_an_image = BadImage(str(_l("This file is not a PNG, JPEG or WebP image.")))
    too_many_pixels = BadImage(
        str(_l("The image has too many pixels (at most 24 million). Make it smaller."))
    )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(BytesIO(data), formats=list(FORMATS)) as image:
                extension = DECODED.get(image.format or "")
                if extension is None:
                    raise not_an_image
                width, height = image.size
                if width * height > MAX_PIXELS or max(width, height) > MAX_SIDE:
                    raise too_many_pixels
                image.load()
                picture = _pixels_only(ImageOps.exif_transpose(image), extension)
    except BadImage:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise too_many_pixels from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, EOFError):  # not ours, or corrupt
        raise not_an_image from None
    out = BytesIO()
    if extension == "jpg":
        picture.save(out, "JPEG", quality=85, optimize=True)
    elif extension == "png":
        picture.save(out, "PNG", optimize=True)
    else:
        picture.save(out, "WEBP", quality=85, method=4)
    encoded = out.getvalue()
    if len(encoded) > MAX_STORED:
        raise BadImage(str(_l("The image is larger than 2 MB. Make it smaller and upload it again.")))
    return Encoded(f"{hashlib.sha256(encoded).hexdigest()[:16]}.{extension}", encoded)


def _pixels_only(image: Image.Image, extension: str) -> Image.Image:
    """Return a new image holding only the pixels (no info, EXIF, ICC, text), in a mode the format saves."""
    alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    if extension == "jpg":
        mode = "L" if image.mode in ("L", "1") else "RGB"
    elif image.mode in ("L", "RGB", "RGBA", "LA"):
        mode = image.mode
    else:
        mode = "RGBA" if alpha else "RGB"
    converted = image if image.mode == mode else image.convert(mode)
    return Image.frombytes(mode, converted.size, converted.tobytes())


def clean_alt(alt: str | None) -> str:
    """Return alt text on one line, without the characters that would end Markdown's `![...]`."""
    text = _SPACE.sub(" ", (alt or "").replace("\x00", "")).strip()
    return text.replace("[", "(").replace("]", ")")[:ALT]


def markdown(name: str, alt: str) -> str:
    """Return the Markdown that shows the image `name` with its alt text."""
    return f"![{clean_alt(alt)}]({FOLDER}/{name})"


def add(draft: Draft, encoded: Encoded, alt: str) -> DraftImage:
    """Keep an image with the draft (the same image twice is kept once, with the newer alt text)."""
    found = db.session.scalars(
        select(DraftImage).where(DraftImage.draft_id == draft.id, DraftImage.name == encoded.name)
    ).first()
    if found is None:
        found = DraftImage(draft_id=draft.id, name=encoded.name, data=encoded.data, alt=clean_alt(alt))
        db.session.add(found)
    else:
        found.alt = clean_alt(alt)
    try:
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    return found


def pending(draft_id: int) -> dict[str, str]:
    """Return the images uploaded to a draft: file name -> alt text (without loading their bytes)."""
    rows = db.session.execute(
        select(DraftImage.name, DraftImage.alt).where(DraftImage.draft_id == draft_id).order_by(DraftImage.id)
    )
    return {name: alt for name, alt in rows}


def data_of(draft_id: int, name: str) -> bytes | None:
    """Return the bytes of one image uploaded to a draft, or None when it has no such image."""
    return db.session.scalar(
        select(DraftImage.data).where(DraftImage.draft_id == draft_id, DraftImage.name == name)
    )
