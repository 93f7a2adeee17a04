"""Files in S3-compatible object storage through django-storages, against a local S3
server (moto), configured only through the environment variables the settings read."""

import urllib.error
import uuid

import boto3
import pytest
from botocore.exceptions import ClientError
from services import django_env, django_shell, http, moto_server

REGION = "ap-southeast-1"
KEY_ID, SECRET = "lms-test-key", "lms-test-secret"

NAME = "học-liệu/Giáo án Toán 6 – Tập hợp các số tự nhiên.txt"
CONTENT = "Kế hoạch bài dạy — Bài 1: Tập hợp. Đọc, viết số tự nhiên.\n".encode()

DESCRIBE = """
from django.conf import settings
from django.core.files.storage import default_storage, storages

cls = type(storages["default"])  # the object behind default_storage
result = {
    "backend": settings.STORAGES["default"]["BACKEND"],
    "class": f"{cls.__module__}.{cls.__qualname__}",
}
"""

SAVE = """
from django.core.files.base import ContentFile

name = default_storage.save({name!r}, ContentFile({content!r}))
again = default_storage.save({name!r}, ContentFile(b"second upload"))
result.update(
    bucket=default_storage.bucket_name,
    name=name,
    again=again,
    url=default_storage.url(name),
    exists=default_storage.exists(name),
)
"""

DELETE = """
from django.core.files.storage import default_storage

for name in {names!r}:
    default_storage.delete(name)
result = [default_storage.exists(name) for name in {names!r}]
"""


@pytest.fixture(scope="module")
def s3_endpoint(tmp_path_factory):
    with moto_server(tmp_path_factory.mktemp("moto")) as url:
        yield url


@pytest.fixture
def bucket(s3_endpoint):
    """A fresh bucket; answers (boto3 client, bucket name)."""
    client = boto3.client(
        "s3", endpoint_url=s3_endpoint, region_name=REGION,
        aws_access_key_id=KEY_ID, aws_secret_access_key=SECRET,
    )
    name = f"lms-{uuid.uuid4().hex[:16]}"
    client.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": REGION})
    return client, name


def fetch(url: str) -> bytes:
    with http.open(url, timeout=10) as response:
        return response.read()


@pytest.mark.services
def test_default_storage_saves_serves_and_deletes_in_s3(s3_endpoint, bucket, tmp_path):
    client, bucket_name = bucket
    env = django_env(
        tmp_path,
        AWS_STORAGE_BUCKET_NAME=bucket_name,
        AWS_S3_ENDPOINT_URL=s3_endpoint,
        AWS_ACCESS_KEY_ID=KEY_ID,
        AWS_SECRET_ACCESS_KEY=SECRET,
        AWS_S3_REGION_NAME=REGION,
    )

    saved = django_shell(DESCRIBE + SAVE.format(name=NAME, content=CONTENT), env)

    assert saved["backend"] == "storages.backends.s3.S3Storage"
    assert saved["class"] == "storages.backends.s3.S3Storage"
    assert saved["bucket"] == bucket_name
    assert saved["name"] == NAME, "the Vietnamese name is kept as given"
    assert saved["exists"] is True
    # Uploads never overwrite each other: the second one got a name of its own.
    assert saved["again"] != NAME and saved["again"].startswith("học-liệu/Giáo án Toán 6")
    # Stored in the bucket under that very key...
    stored = client.get_object(Bucket=bucket_name, Key=NAME)
    assert stored["Body"].read() == CONTENT
    assert stored["ContentType"] == "text/plain"
    # ...and served from the object storage itself, not from the platform.
    assert saved["url"].startswith(f"{s3_endpoint}/{bucket_name}/")
    assert "Signature=" in saved["url"], "the bucket is private: URLs are signed"
    assert fetch(saved["url"]) == CONTENT

    exists = django_shell(DELETE.format(names=[saved["name"], saved["again"]]), env)

    assert exists == [False, False]
    with pytest.raises(urllib.error.HTTPError) as gone:
        fetch(saved["url"])
    assert gone.value.code in (403, 404)
    with pytest.raises(ClientError) as missing:
        client.head_object(Bucket=bucket_name, Key=NAME)
    assert missing.value.response["Error"]["Code"] in ("404", "NoSuchKey")
    assert client.list_objects_v2(Bucket=bucket_name)["KeyCount"] == 0


@pytest.mark.process
def test_without_a_bucket_files_go_to_the_local_media_folder(tmp_path):
    saved = django_shell(
        DESCRIBE + "result['location'] = default_storage.location\n", django_env(tmp_path)
    )

    assert saved["backend"] == "django.core.files.storage.FileSystemStorage"
    assert saved["class"] == "django.core.files.storage.filesystem.FileSystemStorage"
    assert saved["location"] == str(tmp_path / "media")
