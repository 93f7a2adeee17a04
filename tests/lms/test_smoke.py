import pytest


def test_home_page_is_vietnamese(client, db):
    response = client.get("/")
    assert response.status_code == 200
    text = response.content.decode()
    assert '<html lang="vi">' in text
    assert "Kho học liệu số" in text


@pytest.mark.process
def test_make_run_gives_links_in_mails_the_port_it_serves_on():
    import subprocess
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    plan = subprocess.run(["make", "-n", "run", "PORT=8123"], cwd=root, capture_output=True, text=True, check=True)
    serve = [line for line in plan.stdout.splitlines() if "runserver" in line]
    assert serve == ["BASE_URL=${BASE_URL:-http://127.0.0.1:8123} .venv/bin/python manage.py runserver 127.0.0.1:8123"]
