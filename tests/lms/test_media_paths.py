"""The generic media view never hands out a protected file, however the path is spelt.

Repository files and their thumbnails (MEDIA_ROOT/repository/) go only through the
permission-checked document views; e-learning content (MEDIA_ROOT/content/) only through
its own origin. Before the fix, /media//repository/…, /media/./…, /media/%2e/… and
/media/x/../… slipped past the prefix check because it ran on the raw path.
"""

from pathlib import Path

import pytest

PROTECTED = {
    "repository/ab/secret.pdf": b"draft lesson plan",
    "repository/thumbnails/b.jpg": b"a draft's first page",
    "content/pkg/index.html": b"<p>e-learning</p>",
}
PUBLIC = {"images/x.png": b"\x89PNG public picture"}


@pytest.fixture
def media(db, settings):
    root = Path(settings.MEDIA_ROOT)
    for name, body in {**PROTECTED, **PUBLIC}.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(body)
    return root


def spellings(name: str) -> list[str]:
    first, rest = name.split("/", 1)
    return [
        f"/media/{name}",  # plain
        f"/media//{name}",  # doubled slash
        f"/media///{name}",
        f"/media/./{name}",  # dot segment
        f"/media/%2e/{name}",  # encoded dot (the server decodes it to ".")
        f"/media/%252e/{name}",  # encoded twice
        f"/media/x/../{name}",  # climbs back in
        f"/media/images/../{name}",
        f"/media/{first}/./{rest}",
        f"/media/{first}//{rest}",
        f"/media/%72epository/{rest}" if first == "repository" else f"/media/%63ontent/{rest}",
        f"/media/{first.upper()}/{rest}",  # a case-insensitive disk
    ]


@pytest.mark.parametrize("name", sorted(PROTECTED))
def test_protected_files_are_not_served_by_any_spelling(client, media, name):
    for url in spellings(name):
        response = client.get(url)
        assert response.status_code == 404, url
        sent = getattr(response, "streaming_content", [response.content])
        assert PROTECTED[name] not in b"".join(sent)


@pytest.mark.parametrize(
    "url",
    ["/media/images/x.png", "/media//images/x.png", "/media/./images/x.png",
     "/media/%2e/images/x.png", "/media/x/../images/x.png", "/media/images/./x.png"],
)
def test_public_files_are_served_with_their_content(client, media, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert b"".join(response.streaming_content) == PUBLIC["images/x.png"]


@pytest.mark.parametrize(
    "url",
    ["/media/../settings.py", "/media/images/../../secret", "/media/%2e%2e/secret",
     "/media/images/%00x.png", "/media/images\\x.png", "/media/images/"],
)
def test_paths_that_climb_out_or_are_odd_are_refused(client, media, url):
    (media.parent / "secret").write_bytes(b"outside media")
    assert client.get(url).status_code == 404


def test_a_link_into_a_protected_folder_is_not_followed(client, media):
    (media / "images" / "peek").symlink_to(media / "repository")
    assert client.get("/media/images/peek/ab/secret.pdf").status_code == 404
