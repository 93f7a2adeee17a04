import pytest
@pytest.mark.django_db
def test_x(client, settings):
    settings.DEBUG = False
    client.raise_request_exception = False
    for p in ["/admin/", "/accounts/login/", "/", "/probe", "/nope"]:
        r = client.get(p, HTTP_HOST="localhost")
        print(p, r.status_code, r.cookies.keys(), r.content[:300])
    r = client.get("/", HTTP_HOST="127.0.0.1")
    print(r.status_code, r.content.decode()[:3000])
