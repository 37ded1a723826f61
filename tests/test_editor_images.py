"""Editors' images: re-encoded without metadata, kept with the draft, published with the page, served here."""

from __future__ import annotations

import re
import shutil
import struct
import zlib
from io import BytesIO
from pathlib import Path

import pytest
from accounts_helpers import csrf_token, sign_in
from editorial_helpers import git
from PIL import ExifTags, Image, PngImagePlugin
from sqlalchemy import select
from test_editor_pages import MATERIAL, PAGE, draft_id, form_values, start

from portal.cli import check_content
from portal.editorial import images
from portal.editorial.models import Draft, DraftImage
from portal.editorial.paths import UnsafePath, check_image_path, resolve_image
from portal.editorial.publishing import Person, publish_file
from portal.extensions import db

TYPED = "Text scris chiar acum de editor, încă nesalvat."
CORPUS = Path(__file__).resolve().parent / "corpus"


@pytest.fixture
def app(make_app, content):
    return make_app(CONTENT_DIR=str(content))


@pytest.fixture
def people(app, make_user):
    clients = {}
    for role in ("editor", "reviewer", "specialist"):
        make_user(f"{role}@example.org", role=role)
        clients[role] = app.test_client()
        assert sign_in(clients[role], f"{role}@example.org").status_code == 302
    return clients


def photo_with_gps(size=(40, 20), orientation: int | None = None) -> bytes:
    """A JPEG as a phone makes it: EXIF with the camera, the time and a GPS position in Chișinău."""
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif[ExifTags.Base.DateTime] = "2026:11:30 10:00:00"
    if orientation:
        exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.IFD.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: (47.0, 1.0, 25.0),
        ExifTags.GPS.GPSLongitudeRef: "E",
        ExifTags.GPS.GPSLongitude: (28.0, 51.0, 40.0),
    }
    out = BytesIO()
    Image.new("RGB", size, (200, 40, 40)).save(out, "JPEG", exif=exif, comment=b"shot at home")
    return out.getvalue()


def png_with_text() -> bytes:
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Maria Popescu")
    info.add_text("Location", "str. Ismail 12, Chisinau")
    out = BytesIO()
    Image.new("RGBA", (30, 30), (10, 120, 60, 200)).save(out, "PNG", pnginfo=info)
    return out.getvalue()


def png_header(width: int, height: int) -> bytes:
    """A tiny PNG that claims a huge picture: the decompression bomb's shape."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 1000))
        + chunk(b"IEND", b"")
    )


def upload(client, address: str, data: bytes, filename: str, alt: str = "Harta centrului", typed=TYPED):
    """Type into the body (unsaved), choose a file and its alt text, press Save and add the image."""
    values = form_values(client.get(address).get_data(as_text=True))
    values["body"] = f"{values['body']}\n{typed}\n"
    values.update(action="upload", image_alt=alt, image=(BytesIO(data), filename))
    return client.post(address, data=values, content_type="multipart/form-data")


def textarea(html: str) -> str:
    return re.search(r'<textarea[^>]*name="body"[^>]*>(.*?)</textarea>', html, re.S).group(1)


def image_error(html: str) -> str:
    found = re.search(r'<p class="field-error" id="image-error">(.*?)</p>', html, re.S)
    return found.group(1) if found else ""


def stored_images(app) -> list[DraftImage]:
    with app.app_context():
        rows = db.session.scalars(select(DraftImage)).all()
        db.session.expunge_all()
        return rows


# Re-encoding, on its own.


def test_a_phone_photo_loses_its_exif_gps_and_comment(app):
    original = photo_with_gps()
    with Image.open(BytesIO(original)) as before:
        assert before.getexif().get_ifd(ExifTags.IFD.GPSInfo)  # the test photo does carry a position
    with app.test_request_context("/ro/"):
        encoded = images.reencode(original)
    with Image.open(BytesIO(encoded.data)) as after:
        assert after.format == "JPEG"
        assert after.size == (40, 20)
        assert dict(after.getexif()) == {}
        assert after.getexif().get_ifd(ExifTags.IFD.GPSInfo) == {}
        assert "exif" not in after.info and "comment" not in after.info
    assert b"Exif" not in encoded.data and b"PhoneMaker" not in encoded.data
    assert b"shot at home" not in encoded.data
    assert re.fullmatch(r"[0-9a-f]{16}\.jpg", encoded.name)


def test_the_photo_is_turned_as_its_exif_orientation_says(app):
    with app.test_request_context("/ro/"):
        encoded = images.reencode(photo_with_gps(size=(40, 20), orientation=6))  # taken held sideways
    with Image.open(BytesIO(encoded.data)) as after:
        assert after.size == (20, 40)


def test_a_png_loses_its_text_chunks_and_keeps_its_transparency(app):
    with app.test_request_context("/ro/"):
        encoded = images.reencode(png_with_text())
    with Image.open(BytesIO(encoded.data)) as after:
        assert after.format == "PNG"
        assert after.mode == "RGBA"
        assert after.text == {}
        assert after.getpixel((5, 5)) == (10, 120, 60, 200)
    assert b"Maria Popescu" not in encoded.data and b"Ismail" not in encoded.data
    assert encoded.name.endswith(".png")


def test_webp_stays_webp_and_the_same_image_gets_the_same_name(app):
    out = BytesIO()
    Image.new("RGB", (16, 16), (1, 2, 3)).save(out, "WEBP")
    with app.test_request_context("/ro/"):
        first, second = images.reencode(out.getvalue()), images.reencode(out.getvalue())
    assert first.name == second.name and first.name.endswith(".webp")


def test_a_phone_jpeg_with_a_second_picture_mpo_is_taken_as_a_plain_jpeg(app):
    out = BytesIO()
    first, second = Image.new("RGB", (20, 10), (1, 2, 3)), Image.new("RGB", (20, 10), (200, 5, 6))
    first.save(out, "MPO", save_all=True, append_images=[second])
    with app.test_request_context("/ro/"):
        encoded = images.reencode(out.getvalue())
    with Image.open(BytesIO(encoded.data)) as after:
        assert after.format == "JPEG" and getattr(after, "n_frames", 1) == 1
    assert encoded.name.endswith(".jpg")


@pytest.mark.parametrize(
    "data",
    [
        b"<html><body><script>alert(1)</script></body></html>",
        b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="9" height="9"/></svg>',
        b"just some text pretending to be a picture",
        b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00,"
        b"\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;",
        b"\x89PNG\r\n\x1a\n" + b"\x00" * 40,  # a PNG signature and nothing behind it
    ],
    ids=["html", "svg", "text", "gif", "truncated-png"],
)
def test_what_is_not_png_jpeg_or_webp_is_refused_whatever_its_name(app, data):
    with app.test_request_context("/ro/"), pytest.raises(images.BadImage) as refused:
        images.reencode(data)
    assert str(refused.value) == "Acest fișier nu este o imagine PNG, JPEG sau WebP."


@pytest.mark.parametrize("size", [(12_000, 12_000), (9_000, 3_000), (12_000, 10)])
def test_a_small_file_claiming_a_huge_picture_is_refused_before_it_is_decoded(app, size):
    with app.test_request_context("/ro/"), pytest.raises(images.BadImage) as refused:
        images.reencode(png_header(*size))
    assert "prea mulți pixeli" in str(refused.value)


# The edit form.


def test_an_uploaded_photo_is_kept_with_the_draft_shown_in_the_preview_and_added_to_the_text(app, people):
    address = start(people["editor"])
    response = upload(people["editor"], address, photo_with_gps(), "IMG_2044.JPG")
    html = response.get_data(as_text=True)
    assert response.status_code == 200, image_error(html)
    [row] = stored_images(app)
    assert row.alt == "Harta centrului" and row.name.endswith(".jpg")
    assert b"PhoneMaker" not in row.data
    line = f"![Harta centrului](images/{row.name})"
    assert f"Imaginea a fost adăugată la sfârșitul textului astfel: {line}" in html
    body = textarea(html)
    assert TYPED in body and body.rstrip().endswith(line)
    with app.app_context():
        assert db.session.get(Draft, draft_id(address)).text.rstrip().endswith(line)
    preview = html.split('id="preview-title"')[1]
    own = f"/ro/editor/drafts/{draft_id(address)}/images/{row.name}"
    assert f'<img alt="Harta centrului" src="{own}">' in preview
    served = people["editor"].get(own)
    assert served.status_code == 200 and served.mimetype == "image/jpeg" and served.data == row.data
    assert people["specialist"].get(own).status_code == 404
    assert app.test_client().get(own).status_code == 302  # to sign in


def test_the_same_image_twice_is_stored_once_and_written_once(app, people):
    address = start(people["editor"])
    photo = photo_with_gps()
    assert upload(people["editor"], address, photo, "a.jpg").status_code == 200
    html = upload(people["editor"], address, photo, "b.jpg", typed="").get_data(as_text=True)
    [row] = stored_images(app)
    assert textarea(html).count(f"(images/{row.name})") == 1


@pytest.mark.parametrize(
    "data, filename",
    [
        (b"<html><script>alert(1)</script></html>", "harta.png"),
        (b'<svg xmlns="http://www.w3.org/2000/svg"/>', "harta.png"),
        (b"plain text", "harta.jpg"),
    ],
    ids=["html", "svg", "text"],
)
def test_a_file_named_png_that_is_not_an_image_is_refused_next_to_the_field(app, people, data, filename):
    address = start(people["editor"])
    response = upload(people["editor"], address, data, filename)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert image_error(html) == "Acest fișier nu este o imagine PNG, JPEG sau WebP."
    assert TYPED in textarea(html)
    assert stored_images(app) == []
    with app.app_context():
        assert TYPED in db.session.get(Draft, draft_id(address)).text  # the text was saved all the same


def test_an_image_over_2_mb_is_refused_with_a_message_and_the_text_is_kept(app, people):
    address = start(people["editor"])
    big = photo_with_gps() + b"\x00" * (2 * 1024 * 1024)  # a real JPEG, with 2 MB of padding behind it
    response = upload(people["editor"], address, big, "mare.jpg")
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert image_error(html) == "Imaginea este mai mare de 2 MB. Micșorați-o și încărcați-o din nou."
    assert TYPED in textarea(html)
    assert 'value="Harta centrului"' in html  # the alt text stays too
    assert stored_images(app) == []
    with app.app_context():
        assert TYPED in db.session.get(Draft, draft_id(address)).text


def test_a_far_too_large_upload_explains_the_limit_instead_of_a_bare_error(app, people):
    address = start(people["editor"])
    response = upload(people["editor"], address, b"\xff" * (13 * 1024 * 1024), "huge.jpg")
    html = response.get_data(as_text=True)
    assert response.status_code == 413
    assert "Fișierul este prea mare" in html and "Imaginile pot avea cel mult 2 MB." in html


def test_other_forms_keep_the_one_megabyte_limit(app, people):
    token = csrf_token(people["editor"], PAGE)
    response = people["editor"].post(
        "/ro/editor/edit", data={"path": MATERIAL, "csrf_token": token, "padding": "x" * (1024 * 1024 + 10)}
    )
    assert response.status_code == 413
    assert "Fișierul este prea mare" not in response.get_data(as_text=True)


def test_an_image_without_alt_text_is_refused(app, people):
    address = start(people["editor"])
    response = upload(people["editor"], address, photo_with_gps(), "a.jpg", alt="   ")
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'id="image_alt-error">Descrieți imaginea: textul alternativ este obligatoriu.' in html
    assert TYPED in textarea(html)
    assert stored_images(app) == []


def test_pressing_upload_without_a_file_says_so(app, people):
    address = start(people["editor"])
    values = form_values(people["editor"].get(address).get_data(as_text=True))
    values.update(action="upload", image_alt="Harta")
    response = people["editor"].post(address, data=values, content_type="multipart/form-data")
    assert response.status_code == 400
    assert image_error(response.get_data(as_text=True)) == "Alegeți un fișier cu imaginea."


# Publishing and serving.


def publish(app, people, address: str):
    values = form_values(people["editor"].get(address).get_data(as_text=True))
    values.update(action="submit", comment="Harta centrului")
    assert people["editor"].post(address, data=values).status_code == 303
    token = csrf_token(people["reviewer"], "/ro/editor/review/")
    return people["reviewer"].post(
        f"/ro/editor/review/{draft_id(address)}/publish", data={"csrf_token": token}
    )


def test_publishing_commits_the_page_and_its_image_together_and_visitors_see_it(app, people, content):
    address = start(people["editor"])
    assert upload(people["editor"], address, photo_with_gps(), "IMG_2044.JPG").status_code == 200
    [row] = stored_images(app)
    assert publish(app, people, address).status_code == 303
    files = git(content, "show", "--stat", "--format=%s", "--name-only", "HEAD").splitlines()
    assert files[0] == "Harta centrului"
    assert sorted(f for f in files[1:] if f) == [f"images/{row.name}", MATERIAL]
    assert (content / "images" / row.name).read_bytes() == row.data
    assert stored_images(app) == []  # now in content/, no longer in the database
    visitor = app.test_client()
    page = visitor.get(PAGE).get_data(as_text=True)
    assert f'<img alt="Harta centrului" src="/images/{row.name}">' in page
    served = visitor.get(f"/images/{row.name}")
    assert served.status_code == 200
    assert served.headers["Content-Type"] == "image/jpeg"
    assert served.headers["X-Content-Type-Options"] == "nosniff"
    assert "max-age=31536000" in served.headers["Cache-Control"]
    assert "public" in served.headers["Cache-Control"]
    assert "Set-Cookie" not in served.headers
    assert served.data == row.data
    with Image.open(BytesIO(served.data)) as image:
        assert dict(image.getexif()) == {}


def test_the_reviewer_sees_the_images_of_a_pending_draft_and_not_of_one_being_written(app, people):
    address = start(people["editor"])
    assert upload(people["editor"], address, png_with_text(), "x.png").status_code == 200
    [row] = stored_images(app)
    own = f"/ro/editor/drafts/{draft_id(address)}/images/{row.name}"
    assert people["reviewer"].get(own).status_code == 404  # still being written
    values = form_values(people["editor"].get(address).get_data(as_text=True))
    values.update(action="submit")
    assert people["editor"].post(address, data=values).status_code == 303
    queue = people["reviewer"].get("/ro/editor/review/").get_data(as_text=True)
    assert f'<img src="{own}" alt="Harta centrului">' in queue
    served = people["reviewer"].get(own)
    assert served.status_code == 200 and served.mimetype == "image/png"
    assert people["specialist"].get(own).status_code == 404


def test_an_image_uploaded_and_then_taken_out_of_the_text_is_not_published(app, people, content):
    address = start(people["editor"])
    html = upload(people["editor"], address, png_with_text(), "x.png").get_data(as_text=True)
    [row] = stored_images(app)
    values = form_values(html)
    values.update(action="save", body=values["body"].replace(f"![Harta centrului](images/{row.name})", ""))
    assert people["editor"].post(address, data=values).status_code == 200
    assert publish(app, people, address).status_code == 303
    assert git(content, "show", "--name-only", "--format=", "HEAD").splitlines() == [MATERIAL]
    assert not (content / "images" / row.name).exists()


def test_the_corpus_image_is_served_to_anonymous_visitors_without_a_cookie(app):
    visitor = app.test_client()
    response = visitor.get("/images/5548608a2850ab86.png")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "image/png"
    assert "Set-Cookie" not in response.headers
    assert visitor.get_cookie("portal_session") is None
    again = visitor.get("/images/5548608a2850ab86.png", headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304


def test_an_image_only_a_specialist_page_shows_is_not_served_to_anonymous_visitors(
    make_app, make_user, tmp_path
):
    root = tmp_path / "specialist-content"
    shutil.copytree(CORPUS, root)
    lesson = root / "trainings" / "open-module" / "intro.ro.md"
    lesson.write_text(
        lesson.read_text(encoding="utf-8").replace("audience: public", "audience: specialist"),
        encoding="utf-8",
    )
    app = make_app(CONTENT_DIR=str(root))
    assert app.test_client().get("/images/5548608a2850ab86.png").status_code == 404
    make_user("ana@example.org", role="specialist")
    specialist = app.test_client()
    sign_in(specialist, "ana@example.org")
    response = specialist.get("/images/5548608a2850ab86.png")
    assert response.status_code == 200
    assert "public" not in response.headers["Cache-Control"]


@pytest.mark.parametrize(
    "address",
    [
        "/images/..%2Fhotlines.yml",
        "/images/../hotlines.yml",
        "/images/%2e%2e%2fhotlines.yml",
        "/images/5548608a2850ab86.PNG",
        "/images/5548608a2850ab86.png.md",
        "/images/0000000000000000.png",  # a well-formed name, but no such image
        "/images/..%5C..%5Chotlines.yml",
    ],
)
def test_traversal_and_made_up_image_names_are_refused(app, address):
    response = app.test_client().get(address)
    assert response.status_code == 404
    assert b"Urgente" not in response.data and b"emergency" not in response.data


@pytest.mark.parametrize(
    "path",
    [
        "images/../hotlines.yml",
        "images/../../etc/passwd",
        "/images/5548608a2850ab86.png",
        "images/sub/5548608a2850ab86.png",
        "images\\5548608a2850ab86.png",
        "materials/5548608a2850ab86.png",
        "images/5548608a2850ab86.svg",
        "images/5548608a2850ab86.png\x00.md",
    ],
)
def test_publishing_writes_images_only_under_content_images(content, path):
    with pytest.raises(UnsafePath):
        check_image_path(path)
    with pytest.raises(UnsafePath):
        publish_file(
            content,
            MATERIAL,
            "changed",
            (content / MATERIAL).read_text(encoding="utf-8"),
            author=Person("A", "a@example.org"),
            committer=Person("B", "b@example.org"),
            message="x",
            files=[(path, b"data")],
        )
    assert git(content, "log", "--format=%s") == "Corpus"


def test_a_link_in_images_leading_out_of_the_content_is_refused(content, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (content / "images").rename(tmp_path / "kept-images")
    (content / "images").symlink_to(outside)
    with pytest.raises(UnsafePath):
        resolve_image(content, "images/5548608a2850ab86.png")


def test_the_draft_image_route_refuses_made_up_names(app, people):
    address = start(people["editor"])
    number = draft_id(address)
    for name in ("..%2F..%2Fhotlines.yml", "5548608a2850ab86.png", "x.png"):
        assert people["editor"].get(f"/ro/editor/drafts/{number}/images/{name}").status_code == 404


# The renderer and `content check`.


def test_remote_and_raw_images_are_not_loaded_from_another_host(app, people):
    def inject(body: str) -> str:
        return (
            body + "\n\n![tracker](https://evil.example/pixel.png)\n\n"
            '<img src="//evil.example/x.png" alt="raw">\n\n<img src="data:image/png;base64,AAAA" alt="d">\n'
        )

    address = start(people["editor"])
    values = form_values(people["editor"].get(address).get_data(as_text=True))
    values.update(action="preview", body=inject(values["body"]))
    html = people["editor"].post(address, data=values).get_data(as_text=True)
    preview = html.split('id="preview-title"')[1]
    assert "evil.example" not in preview and "data:image" not in preview
    assert "images must be images/&lt;name&gt;, uploaded in the editor" in html


def test_content_check_reports_missing_images_and_images_without_alt_text(tmp_path, monkeypatch):
    root = tmp_path / "content"
    shutil.copytree(CORPUS, root)
    lesson = root / "trainings" / "open-module" / "intro.ro.md"
    lesson.write_text(
        lesson.read_text(encoding="utf-8")
        + "\n![](images/5548608a2850ab86.png)\n\n![Lipsește](images/0123456789abcdef.jpg)\n"
        + "\n![De departe](https://example.org/a.png)\n",
        encoding="utf-8",
    )
    (root / "images" / "notes.txt").write_text("not an image", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    lines, ok = check_content(root, strict=False)
    assert not ok
    shown = "content"
    assert (
        f"{shown}/trainings/open-module/intro.ro.md:14: error: image without alt text: "
        "images/5548608a2850ab86.png" in lines
    )
    assert (
        f"{shown}/trainings/open-module/intro.ro.md:16: error: missing image: images/0123456789abcdef.jpg"
        in lines
    )
    assert (
        f"{shown}/trainings/open-module/intro.ro.md:18: error: images must be images/<name>, uploaded in "
        "the editor: https://example.org/a.png" in lines
    )
    assert any(
        line.startswith(f"{shown}/images/notes.txt:1: error: unexpected file in images/") for line in lines
    )


def test_the_bundled_corpus_image_passes_the_check():
    lines, _ = check_content(CORPUS, strict=False)
    assert not [line for line in lines if "image" in line]


# The History link.


def test_an_editor_sees_history_on_a_material_and_a_visitor_or_specialist_does_not(app, people):
    link = 'href="/ro/editor/history/materials/protection-order.ro.md"'
    assert link in people["editor"].get(PAGE).get_data(as_text=True)
    assert link in people["reviewer"].get(PAGE).get_data(as_text=True)
    assert link not in people["specialist"].get(PAGE).get_data(as_text=True)
    assert link not in app.test_client().get(PAGE).get_data(as_text=True)
    assert ">Istoric</a>" in people["editor"].get(PAGE).get_data(as_text=True)
    assert people["editor"].get("/ro/editor/history/materials/protection-order.ro.md").status_code == 200
